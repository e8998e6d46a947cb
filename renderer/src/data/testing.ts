/** A workspace for the resolver's tests: imported datasets (listings only) and files beside one project, counting reads. */
import { encodeDataset } from '../../../graph-core/src/data';
import type { Dataset } from '../../../graph-core/src/data';
import type { GraphDocument, JsonValue } from '../../../graph-core/src/document';
import { HostError, type HostApi } from '../../../host/src/contract';

type Listing = Awaited<ReturnType<HostApi['listDatasets']>>['datasets'][number];

export function storedMeta(featureShape: number[], classNames: string[]): Record<string, JsonValue> {
  const count = 2;
  const size = featureShape.reduce((a, b) => a * b, 1);
  const ds: Dataset = {
    name: 'fixture',
    modality: featureShape.length === 3 ? 'image' : 'tabular',
    featureShape,
    task: classNames.length > 0 ? 'classification' : 'regression',
    numClasses: Math.max(1, classNames.length),
    classNames,
    count,
    x: new Float32Array(count * size),
    y: new Float32Array(count),
  };
  return JSON.parse(JSON.stringify(encodeDataset(ds).meta)) as Record<string, JsonValue>;
}

export const FAKE_PROJECT = 'projects/p.layerloom';

export class FakeWorkspace {
  readonly datasets = new Map<string, Record<string, JsonValue>>();
  /** Beside FAKE_PROJECT: a file's text, or a folder's file paths. */
  readonly files = new Map<string, string | string[]>();
  readonly dataReads: Parameters<HostApi['readProjectData']>[0][] = [];
  listCalls = 0;
  failNext = false;

  readonly host: Pick<HostApi, 'listDatasets' | 'readProjectData'> = {
    readProjectData: async (args) => {
      this.dataReads.push(args);
      const entry = args.projectId === FAKE_PROJECT ? this.files.get(args.path) : undefined;
      if (entry === undefined) throw new HostError('not_found', `"${args.path}" does not exist in projects/`);
      if (typeof entry === 'string')
        return { kind: 'file', size: entry.length, bytes: new TextEncoder().encode(entry) };
      return { kind: 'folder', files: entry.map((path) => ({ path, size: 1 })), skipped: [] };
    },
    listDatasets: async () => {
      this.listCalls += 1;
      if (this.failNext) {
        this.failNext = false;
        throw new Error('host unreachable');
      }
      const datasets: Listing[] = [...this.datasets].map(([id, meta]) => ({
        id,
        name: id,
        meta,
        size: 10,
        createdAt: '2025-01-01T00:00:00.000Z',
      }));
      return { datasets };
    },
  };
}

/** Dataset → Input → Conv2D → Flatten → Dense(units) → Loss → Optimizer. */
export function cnnDoc(dataset: Record<string, JsonValue>, units = 2): GraphDocument {
  return {
    format: 'layerloom',
    version: 1,
    name: 'cnn',
    nodes: [
      { id: 'data', type: 'Dataset', params: dataset },
      { id: 'in', type: 'Input', params: {} },
      { id: 'conv', type: 'Conv2D', params: { filters: 4, kernelSize: [3, 3] } },
      { id: 'flat', type: 'Flatten', params: {} },
      { id: 'out', type: 'Dense', params: { units, activation: 'softmax' } },
      { id: 'loss', type: 'Loss', params: { loss: 'categoricalCrossentropy' } },
      { id: 'opt', type: 'Optimizer', params: {} },
    ],
    edges: [
      { id: 'e1', source: 'data', target: 'in' },
      { id: 'e2', source: 'in', target: 'conv' },
      { id: 'e3', source: 'conv', target: 'flat' },
      { id: 'e4', source: 'flat', target: 'out' },
      { id: 'e5', source: 'out', target: 'loss' },
      { id: 'e6', source: 'loss', target: 'opt' },
    ],
  };
}
