import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../analysis/index';
import type { GraphDocument } from '../document/types';
import { datasetInfoContext, infoOfStoredMeta, readDatasetInfo } from './dataset-info';
import { encodeDataset } from './format';
import type { ImportIO } from './sources';

// graph-core's lib is ES only; ASCII is all this fixture needs.
const text = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0));

function doc(dataset: Record<string, string | number | number[]>): GraphDocument {
  return {
    format: 'layerloom',
    version: 1,
    name: 't',
    nodes: [
      { id: 'data', type: 'Dataset', params: dataset },
      { id: 'in', type: 'Input', params: {} },
      { id: 'flat', type: 'Flatten', params: {} },
    ],
    edges: [
      { id: 'e1', source: 'data', target: 'in' },
      { id: 'e2', source: 'in', target: 'flat' },
    ],
  };
}

const stored = encodeDataset({
  name: 's',
  modality: 'tabular',
  featureShape: [5],
  task: 'regression',
  numClasses: 1,
  classNames: [],
  count: 1,
  x: new Float32Array(5),
  y: new Float32Array(1),
});

const io: ImportIO = {
  readFile: async (p) => {
    if (p === 'a.csv') return text('x,y,z,label\n1,2,a,u\n3,4,b,v\n');
    throw new Error('ENOENT');
  },
  listFolder: async () =>
    ['cat/1.png', 'dog/2.jpg', 'dog/3.png', 'bird/notes.txt', 'loose.png'].map((path) => ({
      path,
      size: 10,
      read: async () => new Uint8Array(),
    })),
  readWorkspaceDataset: async (id) => (id === 'kept' ? { meta: stored.meta, data: stored.data } : null),
};

describe('reading what a Dataset gives, for analysis', () => {
  it.each([
    [
      'a CSV (categorical features one-hot)',
      { source: 'csv', path: 'a.csv', labelColumn: 'label' },
      { featureShape: [4], numClasses: 2, task: 'classification', classNames: ['u', 'v'] },
    ],
    [
      'an image folder (classes are the folders holding images)',
      { source: 'images', path: 'pics', imageSize: [12, 10], channels: 3 },
      { featureShape: [12, 10, 3], numClasses: 2, task: 'classification', classNames: ['cat', 'dog'] },
    ],
    [
      'an image folder whose size is one number for both sides',
      { source: 'images', path: 'pics', imageSize: 12, channels: 1 },
      { featureShape: [12, 12, 1], numClasses: 2, task: 'classification', classNames: ['cat', 'dog'] },
    ],
    [
      'a workspace dataset, which wins over the path',
      { source: 'csv', datasetId: 'kept', path: 'a.csv', labelColumn: 'label' },
      { featureShape: [5], numClasses: 1, task: 'regression' },
    ],
  ])('knows %s', async (_what, params, expected) => {
    const r = await readDatasetInfo(doc(params), io);
    expect(r).toEqual({ infos: { data: expected }, problems: [] });
  });

  it.each([
    ['an unreadable file', { source: 'csv', path: 'b.csv', labelColumn: 'label' }, 'path'],
    ['a missing label column', { source: 'csv', path: 'a.csv', labelColumn: 'nope' }, 'labelColumn'],
    [
      'a missing feature column',
      { source: 'csv', path: 'a.csv', labelColumn: 'label', featureColumns: ['q'] },
      'featureColumns',
    ],
    ['a workspace dataset that is gone', { source: 'images', datasetId: 'gone' }, 'datasetId'],
  ])('reports %s on its field', async (_what, params, field) => {
    const r = await readDatasetInfo(doc(params as Record<string, string>), io);
    expect(r.infos).toEqual({});
    expect(r.problems).toEqual([expect.objectContaining({ nodeId: 'data', field })]);
  });

  it('ignores built-in datasets and nodes without a path yet', async () => {
    expect(await readDatasetInfo(doc({ source: 'iris' }), io)).toEqual({ infos: {}, problems: [] });
    expect(await readDatasetInfo(doc({ source: 'csv' }), io)).toEqual({ infos: {}, problems: [] });
  });

  it('turns unknown shapes into known ones in analysis', async () => {
    const d = doc({ source: 'csv', path: 'a.csv', labelColumn: 'label' });
    expect(analyzeGraph(d).nodes['flat']?.outputShape ?? null).toBeNull();
    const { infos } = await readDatasetInfo(d, io);
    expect(analyzeGraph(d, datasetInfoContext(infos)).nodes['in']?.outputShape).toEqual([null, 4]);
  });

  it('refuses metadata that is not a Layerloom dataset', () => {
    expect(infoOfStoredMeta({ format: 'other' })).toBeNull();
    expect(infoOfStoredMeta(stored.meta)).toMatchObject({ featureShape: [5] });
  });
});
