import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOSSES } from '../catalogue/identifiers';
import { lossFunction } from './losses';
import { learningRateAt, readOptimizerConfig } from './optimizers';
import { resolveParams } from '../catalogue/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const value = (t: tf.Scalar) => t.dataSync()[0]!;

describe('lossFunction', () => {
  it('gives Keras categorical crossentropy: -log of the true class probability', () => {
    const loss = lossFunction('categoricalCrossentropy', { outputUnits: 3, encoding: 'onehot' });
    const v = value(loss(tf.tensor2d([[0, 1, 0]]), tf.tensor2d([[0.2, 0.5, 0.3]])));
    expect(v).toBeCloseTo(-Math.log(0.5), 5);
  });

  it('gives the same value for sparse index labels as for their one-hot form', () => {
    const pred = tf.tensor2d([
      [0.7, 0.2, 0.1],
      [0.1, 0.1, 0.8],
    ]);
    const dense = lossFunction('categoricalCrossentropy', { outputUnits: 3, encoding: 'onehot' });
    const sparse = lossFunction('sparseCategoricalCrossentropy', { outputUnits: 3, encoding: 'index' });
    expect(value(sparse(tf.tensor1d([0, 2]), pred))).toBeCloseTo(
      value(
        dense(
          tf.tensor2d([
            [1, 0, 0],
            [0, 0, 1],
          ]),
          pred,
        ),
      ),
      6,
    );
  });

  it.each([
    ['meanSquaredError', 2.5],
    ['meanAbsoluteError', 1.5],
    ['huber', (0.5 + 1.5) / 2],
  ] as const)('computes %s of [1, 2] against [0, 4] as %f', (id, expected) => {
    const loss = lossFunction(id, { outputUnits: 2, encoding: 'value' });
    expect(value(loss(tf.tensor2d([[1, 2]]), tf.tensor2d([[0, 4]])))).toBeCloseTo(expected, 5);
  });

  it('treats 0/1 labels as -1/+1 in hinge', () => {
    const loss = lossFunction('hinge', { outputUnits: 1, encoding: 'value' });
    expect(value(loss(tf.tensor2d([[0]]), tf.tensor2d([[-1]])))).toBeCloseTo(0, 6);
    expect(value(loss(tf.tensor2d([[1]]), tf.tensor2d([[-1]])))).toBeCloseTo(2, 6);
  });

  it.each(LOSSES)('%s is finite and leaves no tensors behind', (id) => {
    const loss = lossFunction(id, {
      outputUnits: 3,
      encoding: id === 'sparseCategoricalCrossentropy' ? 'index' : 'onehot',
    });
    const yTrue =
      id === 'sparseCategoricalCrossentropy'
        ? tf.tensor1d([1, 2])
        : tf.tensor2d([
            [0, 1, 0],
            [0, 0, 1],
          ]);
    const yPred = tf.tensor2d([
      [0.2, 0.5, 0.3],
      [0.1, 0.1, 0.8],
    ]);
    const before = tf.memory().numTensors;
    const out = loss(yTrue, yPred);
    expect(Number.isFinite(value(out))).toBe(true);
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('learning-rate schedules', () => {
  const config = (decay: string) =>
    readOptimizerConfig(
      'opt',
      resolveParams({
        type: 'Optimizer',
        params: { learningRate: 0.1, decay, decayRate: 0.5, decaySteps: 10 },
      }),
    );
  it.each([
    ['none', 25, 0.1],
    ['exponential', 10, 0.05],
    ['exponential', 5, 0.1 * Math.SQRT1_2],
    ['step', 19, 0.05],
    ['step', 20, 0.025],
    ['cosine', 5, 0.05],
    ['cosine', 10, 0],
    ['cosine', 30, 0],
  ])('%s gives lr at batch %i = %f', (decay, step, expected) => {
    expect(learningRateAt(config(decay), step)).toBeCloseTo(expected, 8);
  });
});
