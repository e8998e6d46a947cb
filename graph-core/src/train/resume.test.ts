import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../compile/index';
import { chainGraph } from '../compile/testGraphs';
import { loadDataForGraph, type DataIO } from '../data/pipeline';
import { trainModel } from './loop';
import type { OptimizerWeights } from './types';

const noFiles: DataIO = {
  readAsset: () => Promise.reject(new Error('no assets in this test')),
  readFile: () => Promise.reject(new Error('no files in this test')),
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const graph = (optimizer: string) =>
  chainGraph({
    dataset: { source: 'iris', validationSplit: 0.2 },
    layers: [
      ['Dense', { units: 8, activation: 'relu' }],
      ['Dropout', { rate: 0.2 }],
      ['Dense', { units: 3, activation: 'softmax' }],
    ],
    optimizer: { optimizer, learningRate: 0.02, batchSize: 16, epochs: 4, seed: 11 },
  });

async function prepared(optimizer: string) {
  const doc = graph(optimizer);
  const data = await loadDataForGraph(doc, noFiles);
  return { data, compiled: compileGraph(doc, { featureShape: data.featureShape, task: data.task }) };
}

async function weightsOf(model: tf.Tensor[]): Promise<number[][]> {
  return Promise.all(model.map(async (w) => Array.from(await w.data())));
}

/** Trains 4 epochs straight, and 2 + checkpoint + a fresh model resumed for the other 2. */
async function straightAndResumed(optimizer: string, keepOptimizer: boolean) {
  const straight = await prepared(optimizer);
  const whole = await trainModel({ compiled: straight.compiled, data: straight.data });
  const expected = await weightsOf(straight.compiled.model.getWeights());
  straight.compiled.model.dispose();

  const first = await prepared(optimizer);
  let saved: { weights: tf.Tensor[]; optimizer: OptimizerWeights } | null = null;
  await trainModel({
    compiled: first.compiled,
    data: first.data,
    checkpointEvery: 2,
    shouldStop: () => saved !== null,
    onCheckpoint: async (model, info, opt) => {
      if (info.epoch !== 2 || saved) return;
      const state = await opt.getWeights();
      saved = {
        weights: model.getWeights().map((w) => w.clone()),
        optimizer: state.map((s) => ({ name: s.name, tensor: s.tensor.clone() })),
      };
    },
  });
  first.compiled.model.dispose();
  const checkpoint = saved as { weights: tf.Tensor[]; optimizer: OptimizerWeights } | null;
  if (!checkpoint) throw new Error('no checkpoint at epoch 2');

  const second = await prepared(optimizer);
  second.compiled.model.setWeights(checkpoint.weights);
  const before = tf.memory().numTensors;
  const resumed = await trainModel({
    compiled: second.compiled,
    data: second.data,
    resume: { epoch: 2, ...(keepOptimizer && { optimizerWeights: checkpoint.optimizer }) },
  });
  const leaked = tf.memory().numTensors - before;
  const actual = await weightsOf(second.compiled.model.getWeights());
  second.compiled.model.dispose();
  tf.dispose([...checkpoint.weights, ...checkpoint.optimizer.map((s) => s.tensor)]);
  return { whole, resumed, expected, actual, leaked };
}

describe('resuming from a checkpoint', () => {
  it.each(['adam', 'rmsprop', 'sgd'])(
    'ends with the same weights and metrics as an unbroken %s run on cpu',
    async (optimizer) => {
      const { whole, resumed, expected, actual, leaked } = await straightAndResumed(optimizer, true);
      expect(actual).toEqual(expected);
      expect(resumed.history.map((m) => m.epoch)).toEqual([3, 4]);
      expect(resumed.history.map((m) => m.loss)).toEqual(whole.history.slice(2).map((m) => m.loss));
      expect(resumed.summary).toMatchObject({ status: 'completed', epochs: 4, epochsPlanned: 4 });
      expect(leaked).toBe(0);
    },
  );

  it('drifts from the unbroken run when Adam restarts without its saved moments', async () => {
    const { expected, actual } = await straightAndResumed('adam', false);
    expect(actual).not.toEqual(expected);
  });
});
