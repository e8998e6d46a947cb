import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeGraph } from '../analysis/analyze';
import { compileGraph } from '../compile/index';
import { chainGraph } from '../compile/testGraphs';
import { loadDataForGraph, type DataIO } from '../data/pipeline';
import type { GraphDocument } from '../document/types';
import { trainModel } from './loop';

const noFiles: DataIO = {
  readAsset: () => Promise.reject(new Error('no assets in this test')),
  readFile: () => Promise.reject(new Error('no files in this test')),
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Iris through Dense → BatchNormalization → Dense → head; `frozen` ids get trainable: false. */
const iris = (frozen: string[]): GraphDocument =>
  chainGraph({
    dataset: { source: 'iris' },
    layers: [
      ['Dense', { units: 6, activation: 'relu', trainable: !frozen.includes('d1') }, 'd1'],
      ['BatchNormalization', { trainable: !frozen.includes('bn') }, 'bn'],
      ['Dense', { units: 5, activation: 'relu', trainable: !frozen.includes('d2') }, 'd2'],
      ['Dense', { units: 3, activation: 'softmax' }, 'head'],
    ],
    optimizer: { learningRate: 0.05, batchSize: 32, epochs: 1 },
  });

/** Every weight by its tfjs name, copied out of the model. */
const snapshot = (model: { weights: { name: string; read(): tf.Tensor }[] }) =>
  new Map(model.weights.map((w) => [w.name, Float32Array.from(w.read().dataSync())]));

/** Bit-identical: the same float32 bit patterns, not merely equal values. */
const sameBits = (a: Float32Array, b: Float32Array) => {
  const x = new Uint32Array(a.buffer);
  const y = new Uint32Array(b.buffer);
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

async function trainOnce(doc: GraphDocument) {
  const data = await loadDataForGraph(doc, noFiles);
  const compiled = compileGraph(doc, { featureShape: data.featureShape, task: data.task });
  const before = snapshot(compiled.model);
  const result = await trainModel({ compiled, data });
  const after = snapshot(compiled.model);
  const changed = (prefix: string) =>
    [...before.keys()]
      .filter((k) => k.startsWith(`${prefix}/`))
      .map((k) => ({
        name: k,
        same: sameBits(before.get(k)!, after.get(k)!),
      }));
  return { compiled, result, changed };
}

describe('freezing', () => {
  it('leaves frozen weights bit-identical after training while the others change', async () => {
    const { compiled, result, changed } = await trainOnce(iris(['d1', 'bn']));
    expect(result.summary.status).toBe('completed');
    for (const id of ['d1', 'bn']) {
      const ws = changed(id);
      // Dense: kernel, bias; BatchNormalization: gamma, beta, moving mean, moving variance.
      expect(ws.length, id).toBe(id === 'd1' ? 2 : 4);
      expect(
        ws.filter((w) => !w.same),
        id,
      ).toEqual([]);
    }
    for (const id of ['d2', 'head'])
      expect(
        changed(id).every((w) => !w.same),
        id,
      ).toBe(true);
    expect(compiled.model.getLayer('d1').trainable).toBe(false);
    compiled.model.dispose();
  });

  it('updates an unfrozen BatchNormalization, moving statistics included (the control)', async () => {
    const { compiled, changed } = await trainOnce(iris([]));
    expect(changed('bn').every((w) => !w.same)).toBe(true);
    compiled.model.dispose();
  });

  it('runs a frozen BatchNormalization with its moving statistics even in a training step', () => {
    const doc = iris(['bn']);
    const { model } = compileGraph(doc, { featureShape: [4] });
    const bn = model.getLayer('bn');
    const x = tf.randomNormal([8, 4], 0, 3, 'float32', 7);
    const training = model.apply(x, { training: true }) as tf.Tensor;
    const inference = model.apply(x, { training: false }) as tf.Tensor;
    expect(Array.from(training.dataSync())).toEqual(Array.from(inference.dataSync()));
    bn.trainable = true; // thawed: batch statistics in training, so the outputs part
    const thawed = model.apply(x, { training: true }) as tf.Tensor;
    expect(Array.from(thawed.dataSync())).not.toEqual(Array.from(inference.dataSync()));
    tf.dispose([x, training, inference, thawed]);
    model.dispose();
  });

  it('reports the same trainable / non-trainable split as tfjs', () => {
    const doc = iris(['d1', 'bn']);
    const { model } = compileGraph(doc, { featureShape: [4] });
    const count = (ws: { shape: (number | null)[] }[]) =>
      ws.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
    const a = analyzeGraph(doc);
    expect(a.totalParams).toBe(model.countParams());
    expect(a.nonTrainableParams).toBe(count(model.nonTrainableWeights));
    expect(a.totalParams - a.nonTrainableParams).toBe(count(model.trainableWeights));
    expect(a.nonTrainableParams).toBe(4 * 6 + 6 + 4 * 6);
    model.dispose();
  });
});
