import { describe, expect, it } from 'vitest';
import type { GraphDocument, GraphNode } from '../document/types';
import { encodeMnist } from './builtin/mnist';
import { DataPipelineError, loadDataForGraph, type DataIO } from './pipeline';

function graph(datasetParams: GraphNode['params'], extra: GraphNode[] = []): GraphDocument {
  return {
    format: 'layerloom',
    version: 1,
    name: 't',
    nodes: [
      { id: 'data', type: 'Dataset', params: datasetParams },
      ...extra,
      { id: 'in', type: 'Input', params: {} },
    ],
    edges: [
      ...(extra.length
        ? [
            { id: 'e0', source: 'data', target: extra[0]!.id },
            { id: 'e1', source: extra[0]!.id, target: 'in' },
          ]
        : [{ id: 'e0', source: 'data', target: 'in' }]),
    ],
  };
}

const tinyMnist = encodeMnist(
  Uint8Array.from({ length: 20 * 4 }, (_, i) => i % 256),
  Uint8Array.from({ length: 20 }, (_, i) => i % 10),
  2,
  2,
);
const io: DataIO = {
  readAsset: async (name) => {
    if (name !== 'datasets/mnist.bin') throw new Error(`unexpected asset ${name}`);
    return tinyMnist;
  },
  readFile: async (path) => {
    throw new Error(`unexpected file ${path}`);
  },
};

describe('loadDataForGraph', () => {
  it('splits limited data into disjoint validation, test and train sets that cover it', async () => {
    const data = await loadDataForGraph(
      graph({ source: 'spiral', samples: 200, limit: 100, validationSplit: 0.2, testSplit: 0.1, seed: 3 }),
      io,
    );
    expect([data.validation.count, data.test.count, data.train.count]).toEqual([20, 10, 70]);
    const all = [...data.splits.validation, ...data.splits.test, ...data.splits.train].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(data.train.x.length).toBe(70 * 2);
    expect(data.featureShape).toEqual([2]);
  });

  it('copies the right features and labels into each split', async () => {
    const data = await loadDataForGraph(graph({ source: 'mnist', validationSplit: 0.25, seed: 1 }), io);
    const i = data.splits.train[0]!;
    expect(data.train.y[0]).toBe(i % 10);
    expect(Array.from(data.train.x.subarray(0, 4))).toEqual(
      Array.from(data.source.x.subarray(i * 4, i * 4 + 4)),
    );
  });

  it('gives the same split for the same seed and another for a different seed', async () => {
    const a = await loadDataForGraph(graph({ source: 'iris', seed: 1 }), io);
    const b = await loadDataForGraph(graph({ source: 'iris', seed: 1 }), io);
    const c = await loadDataForGraph(graph({ source: 'iris', seed: 2 }), io);
    expect(a.splits.validation).toEqual(b.splits.validation);
    expect(a.splits.validation).not.toEqual(c.splits.validation);
    expect(a.validation.count).toBe(15);
  });

  it.each([
    [{ source: 'iris', validationSplit: 0.6, testSplit: 0.5 }, 'validationSplit'],
    [{ source: 'iris', limit: 0 }, 'limit'],
    [{ source: 'csv' }, 'path'],
    [{ source: 'iris', seed: 'x' }, 'seed'],
  ])('reports %j as a mistake on field %s of the Dataset node', async (params, field) => {
    const err = await loadDataForGraph(graph(params), io).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataPipelineError);
    expect((err as DataPipelineError).nodeId).toBe('data');
    expect((err as DataPipelineError).field).toBe(field);
  });

  it('fails clearly on a graph without a Dataset', async () => {
    const doc = graph({});
    doc.nodes = doc.nodes.filter((n) => n.type !== 'Dataset');
    await expect(loadDataForGraph(doc, io)).rejects.toThrow(/no Dataset node/);
  });
});
