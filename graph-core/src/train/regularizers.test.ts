import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeGraph } from '../analysis/analyze';
import { compileGraph } from '../compile/index';
import { chainGraph } from '../compile/testGraphs';
import { loadDataForGraph, type DataIO } from '../data/pipeline';
import type { JsonValue } from '../document/types';
import { expandSweep } from '../experiments/sweep';
import { trainModel } from './loop';

const noFiles: DataIO = {
  readAsset: () => Promise.reject(new Error('no assets in this test')),
  readFile: () => Promise.reject(new Error('no files in this test')),
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const iris = (hidden: Record<string, JsonValue>) =>
  chainGraph({
    dataset: { source: 'iris' },
    layers: [
      ['Dense', { units: 8, activation: 'relu', ...hidden }, 'd1'],
      ['Dense', { units: 3, activation: 'softmax' }, 'head'],
    ],
    optimizer: { learningRate: 0.05, batchSize: 32, epochs: 3, seed: 7 },
  });

const sum = (t: tf.Tensor, f: (x: tf.Tensor) => tf.Tensor) => tf.sum(f(t)).dataSync()[0]!;

describe('kernel and bias regularisers', () => {
  it('penalise exactly l1·sum|w| + l2·sum(w²) of the kernel and the bias they are set on', async () => {
    const doc = iris({ kernelL1: 0.01, kernelL2: 0.02, biasL2: 0.5 });
    const compiled = compileGraph(doc, { featureShape: [4], task: 'classification' });
    const [kernel] = compiled.model.getLayer('d1').getWeights();
    compiled.model.getLayer('d1').setWeights([kernel!, tf.fill([8], 0.3)]);
    const expected = 0.01 * sum(kernel!, tf.abs) + 0.02 * sum(kernel!, tf.square) + 0.5 * 8 * 0.09;
    const losses = compiled.model.calculateLosses();
    expect(losses).toHaveLength(2);
    const total = losses.reduce((a, l) => a + l.dataSync()[0]!, 0);
    expect(total).toBeCloseTo(expected, 5);
    compiled.model.dispose();
  });

  it('leave a layer without penalties when every one is 0', () => {
    const compiled = compileGraph(iris({}), { featureShape: [4], task: 'classification' });
    expect(compiled.model.calculateLosses()).toHaveLength(0);
    compiled.model.dispose();
  });

  it('shrink the weights they penalise during training and count in the training loss', async () => {
    const train = async (hidden: Record<string, JsonValue>) => {
      const doc = iris(hidden);
      const data = await loadDataForGraph(doc, noFiles);
      const compiled = compileGraph(doc, { featureShape: data.featureShape, task: data.task });
      const result = await trainModel({ compiled, data });
      const norm = sum(compiled.model.getLayer('d1').getWeights()[0]!, tf.square);
      compiled.model.dispose();
      return { norm, result };
    };
    const plain = await train({});
    const penalised = await train({ kernelL2: 0.1 });
    expect(penalised.norm).toBeLessThan(plain.norm * 0.5);
    // The penalty is in the training loss but not in the validation loss.
    const gap = (r: typeof plain.result) => r.summary.final.loss! - r.summary.final.val_loss!;
    expect(gap(penalised.result)).toBeGreaterThan(gap(plain.result));
  });

  it('are checked like other params: a negative penalty names the node and field', () => {
    const bad = analyzeGraph(iris({ kernelL2: -1 }));
    const d = bad.diagnostics.find((x) => x.nodeId === 'd1' && x.field === 'kernelL2');
    expect(d?.severity).toBe('error');
  });
});

describe('regularisers on recurrent layers', () => {
  it('count the cell’s kernel and bias penalties, which tfjs’s RNN layers leave out on their own', () => {
    const doc = chainGraph({
      dataset: { source: 'iris' },
      layers: [
        ['Reshape', { targetShape: [2, 2] }, 're'],
        ['LSTM', { units: 3, kernelL2: 0.1, biasL1: 0.2 }, 'rnn'],
        ['Dense', { units: 3, activation: 'softmax' }, 'head'],
      ],
    });
    const compiled = compileGraph(doc, { featureShape: [4], task: 'classification' });
    const [kernel, , bias] = compiled.model.getLayer('rnn').getWeights();
    const expected = 0.1 * sum(kernel!, tf.square) + 0.2 * sum(bias!, tf.abs);
    const total = compiled.model.calculateLosses().reduce((a, l) => a + l.dataSync()[0]!, 0);
    expect(expected).toBeGreaterThan(0);
    expect(total).toBeCloseTo(expected, 5);
    compiled.model.dispose();
  });
});

describe('regularisers in sweeps', () => {
  it('sweep like any other param: each variant compiles with its own penalty', () => {
    const r = expandSweep(iris({}), {
      params: [{ nodeId: 'd1', field: 'kernelL2', values: [0, 0.01, 0.1] }],
      mode: 'grid',
      seed: 7,
    });
    if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('; '));
    const penalties = r.variants.map((v) => {
      const compiled = compileGraph(v.doc, { featureShape: [4], task: 'classification' });
      const [kernel] = compiled.model.getLayer('d1').getWeights();
      const got = compiled.model.calculateLosses().reduce((a, l) => a + l.dataSync()[0]!, 0);
      const ratio = got / sum(kernel!, tf.square);
      compiled.model.dispose();
      return Number(ratio.toFixed(6));
    });
    expect(r.variants.map((v) => v.label)).toEqual(['d1.kernelL2=0', 'd1.kernelL2=0.01', 'd1.kernelL2=0.1']);
    expect(penalties).toEqual([0, 0.01, 0.1]);
  });
});
