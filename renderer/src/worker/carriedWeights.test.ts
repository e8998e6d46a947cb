import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../../graph-core/src/compile';
import type { GraphDocument } from '../../../graph-core/src/document';
import type { HostApi } from '../../../host/src/contract';
import { carriedWeights } from './carriedWeights';

const chain = ['data', 'in', 'd1', 'loss', 'opt'];
const doc: GraphDocument = {
  format: 'layerloom',
  version: 2,
  name: 'imported',
  nodes: [
    { id: 'data', type: 'Dataset', params: { source: 'iris' } },
    { id: 'in', type: 'Input', params: { shape: [2] } },
    { id: 'd1', type: 'Dense', params: { units: 2 } },
    { id: 'loss', type: 'Loss', params: { loss: 'categoricalCrossentropy' } },
    {
      id: 'opt',
      type: 'Optimizer',
      params: { optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 1 },
    },
  ],
  edges: chain.slice(1).map((target, i) => ({ id: `e${i}`, source: chain[i]!, target })),
  weights: { manifest: 'imported.weights/weights.json', nodes: ['d1'] },
};
const bytes = (values: number[]) => new Uint8Array(Float32Array.from(values).buffer);

function fakeHost(calls: unknown[]): Pick<HostApi, 'readProjectWeights'> {
  return {
    readProjectWeights: async (args) => {
      calls.push(args);
      return {
        weights: [
          { name: 'd1/kernel', shape: [2, 2], data: bytes([1, 2, 3, 4]) },
          { name: 'd1/bias', shape: [2], data: bytes([0.5, -1]) },
        ],
      };
    },
  };
}

describe('carried weights in the training worker', () => {
  it('reads the sidecar the document names and compile starts the node from it, not a fresh init', async () => {
    const calls: unknown[] = [];
    const weights = await carriedWeights(fakeHost(calls), doc, 'projects/imported.layerloom');
    expect(calls).toEqual([
      { projectId: 'projects/imported.layerloom', manifest: 'imported.weights/weights.json' },
    ]);
    const compiled = compileGraph(doc, { weights });
    const layer = compiled.model.layers.find((l) => l.name === 'd1')!;
    const [kernel, bias] = layer.getWeights().map((t) => [...t.dataSync()]);
    expect(kernel).toEqual([1, 2, 3, 4]);
    expect(bias).toEqual([0.5, -1]);
    compiled.model.dispose();
  });

  it('asks nothing of the host for a project without imported weights', async () => {
    const calls: unknown[] = [];
    const plain = { ...doc, weights: undefined };
    expect(await carriedWeights(fakeHost(calls), plain, 'projects/p.layerloom')).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('refuses an unsaved project that carries weights, saying to save it first', async () => {
    await expect(carriedWeights(fakeHost([]), doc, null)).rejects.toThrow(/save it before training/);
  });
});
