import { describe, expect, it } from 'vitest';
import type { GraphDocument, GraphNode } from '../document/types';
import { encodeDataset } from './format';
import type { ImageFileSource } from './images/index';
import { DataPipelineError, loadDataForGraph, type DataIO } from './pipeline';
import { makeDataset } from './testData';

/** Dataset → steps… → Input, wired in order. */
function chain(datasetParams: GraphNode['params'], steps: Omit<GraphNode, 'position'>[] = []): GraphDocument {
  const nodes: GraphNode[] = [
    { id: 'data', type: 'Dataset', params: datasetParams },
    ...steps,
    { id: 'in', type: 'Input', params: {} },
  ];
  return {
    format: 'layerloom',
    version: 1,
    name: 't',
    nodes,
    edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: n.id })),
  };
}

const CSV =
  'a,b,kind\n' + Array.from({ length: 40 }, (_, i) => `${i},${i % 5},${i % 2 ? 'odd' : 'even'}`).join('\n');
const files: Record<string, Uint8Array> = { 'data/t.csv': Uint8Array.from(CSV, (c) => c.charCodeAt(0)) };
const io: DataIO = {
  readAsset: async (name) => {
    throw new Error(`no asset ${name}`);
  },
  readFile: async (path) => {
    const f = files[path];
    if (!f) throw new Error(`ENOENT: no such file "${path}"`);
    return f;
  },
};

describe('data pipeline with imported sources and data nodes', () => {
  it('trains from a CSV named by path and label column', async () => {
    const d = await loadDataForGraph(
      chain({ source: 'csv', path: 'data/t.csv', labelColumn: 'kind', validationSplit: 0.25, seed: 1 }),
      io,
    );
    expect([d.classNames, d.featureShape, d.train.count + d.validation.count]).toEqual([
      ['even', 'odd'],
      [2],
      40,
    ]);
  });

  it.each([
    [
      { source: 'csv', path: 'data/t.csv', labelColumn: 'species' },
      'labelColumn',
      'There is no column "species"',
    ],
    [
      { source: 'csv', path: 'missing.csv', labelColumn: 'kind' },
      'path',
      'cannot read "missing.csv": ENOENT',
    ],
    [{ source: 'images', path: 'pics/' }, 'source', 'image folders cannot be read here'],
    [{ source: 'csv', datasetId: 'gone', labelColumn: 'kind' }, 'path', 'choose a CSV file'],
  ])('names the node and field for %j', async (params, field, message) => {
    const err = (await loadDataForGraph(chain(params), io).catch((e: unknown) => e)) as DataPipelineError;
    expect(err).toBeInstanceOf(DataPipelineError);
    expect([err.nodeId, err.field]).toEqual(['data', field]);
    expect(err.message).toContain(message);
  });

  it('prefers the workspace copy named by datasetId over the original path', async () => {
    const stored = encodeDataset(makeDataset([0, 1, 0, 1, 0, 1, 0, 1, 0, 1], 2));
    const withStore: DataIO = { ...io, readWorkspaceDataset: async (id) => (id === 'ds-1' ? stored : null) };
    const d = await loadDataForGraph(
      chain({ source: 'csv', datasetId: 'ds-1', path: 'gone.csv', validationSplit: 0.2 }),
      withStore,
    );
    expect(d.train.count + d.validation.count).toBe(10);
  });

  it('imports an image folder through the environment’s folder listing and decoder', async () => {
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 2, 0, 0, 0, 2,
    ]);
    const list: ImageFileSource[] = ['a/1.png', 'a/2.png', 'b/1.png', 'b/2.png', 'b/x.txt'].map((path) => ({
      path,
      size: png.length,
      read: async () => png,
    }));
    const imgIO: DataIO = {
      ...io,
      listFolder: async () => list,
      decodeImage: () => ({ width: 2, height: 2, channels: 4, data: new Uint8Array(16).fill(128) }),
    };
    const d = await loadDataForGraph(
      chain({ source: 'images', path: 'pics/', imageSize: [4, 4], channels: 1, validationSplit: 0 }),
      imgIO,
    );
    expect([d.featureShape, d.classNames, d.train.count]).toEqual([[4, 4, 1], ['a', 'b'], 4]);
  });

  it('fits Normalize on the training split only and applies it to every split', async () => {
    const d = await loadDataForGraph(
      chain({ source: 'csv', path: 'data/t.csv', labelColumn: 'kind', validationSplit: 0.3, seed: 4 }, [
        { id: 'norm', type: 'Normalize', params: { method: 'minmax' } },
      ]),
      io,
    );
    const trainA = Array.from(d.train.x.filter((_, i) => i % 2 === 0));
    expect([Math.min(...trainA), Math.max(...trainA)]).toEqual([0, 1]);
    const trainMin = Math.min(...Array.from(d.splits.train));
    const trainMax = Math.max(...Array.from(d.splits.train));
    const val = d.validation.x[0]!;
    const raw = d.splits.validation[0]!;
    expect(val).toBeCloseTo((raw - trainMin) / (trainMax - trainMin), 5);
  });

  it('applies Subset before the split and hands Augment to the training loop, off at evaluation', async () => {
    const d = await loadDataForGraph(
      chain({ source: 'csv', path: 'data/t.csv', labelColumn: 'kind', validationSplit: 0.25, seed: 4 }, [
        { id: 'sub', type: 'Subset', params: { limit: 20, balanced: true, seed: 1 } },
        { id: 'aug', type: 'Augment', params: { noise: 0.1 } },
      ]),
      io,
    );
    expect(d.train.count + d.validation.count).toBe(20);
    expect(
      Array.from(d.train.y).filter((v) => v === 1).length +
        Array.from(d.validation.y).filter((v) => v === 1).length,
    ).toBe(10);
    const batch = d.train.x.subarray(0, 4);
    expect(d.augment?.(batch, 2, 'eval')).toBe(batch);
    expect(d.augment?.(batch, 2, 'train')).not.toEqual(batch);
  });

  it('resizes images and refuses Resize on tabular data', async () => {
    const img = encodeDataset({
      ...makeDataset([0, 1, 0, 1], 2, [4, 4, 1]),
      x: new Float32Array(64).fill(0.5),
    });
    const imgIO: DataIO = { ...io, readWorkspaceDataset: async () => img };
    const d = await loadDataForGraph(
      chain({ source: 'images', datasetId: 'x', validationSplit: 0 }, [
        { id: 'rs', type: 'Resize', params: { size: [2, 3] } },
      ]),
      imgIO,
    );
    expect([d.featureShape, d.train.x.length]).toEqual([[2, 3, 1], 4 * 6]);
    // One number is the same size on both sides, as the file format and Keras allow.
    const square = await loadDataForGraph(
      chain({ source: 'images', datasetId: 'x', validationSplit: 0 }, [
        { id: 'rs', type: 'Resize', params: { size: 3 } },
      ]),
      imgIO,
    );
    expect([square.featureShape, square.train.x.length]).toEqual([[3, 3, 1], 4 * 9]);
    const err = (await loadDataForGraph(
      chain({ source: 'csv', path: 'data/t.csv', labelColumn: 'kind' }, [
        { id: 'rs', type: 'Resize', params: {} },
      ]),
      io,
    ).catch((e: unknown) => e)) as DataPipelineError;
    expect([err.nodeId, err.message]).toEqual([
      'rs',
      'Resize "rs" needs images, but the data has samples of shape [2].',
    ]);
  });
});
