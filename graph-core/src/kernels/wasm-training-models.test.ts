import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmForTests, randomValues } from '../backends/wasm-test-setup';
import { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from './wasm-training-kernels';

type Net = { name: string; shapes: number[][]; f: (...ts: tf.Tensor[]) => tf.Tensor };

/** Weights the output by a fixed pattern so that every element's gradient differs. */
const weightedSum = (y: tf.Tensor) => tf.sum(tf.mul(y, tf.sin(tf.range(0, y.size).reshape(y.shape))));

const x4 = (t: tf.Tensor) => t as tf.Tensor4D;

const nets: Net[] = [
  {
    name: 'conv → relu → max pool (the MNIST CNN block)',
    shapes: [
      [2, 12, 12, 2],
      [5, 5, 2, 4],
    ],
    f: (x, w) => tf.maxPool(tf.relu(tf.conv2d(x4(x), x4(w), 1, 'valid')), 2, 2, 'valid'),
  },
  {
    name: 'strided same-padded conv → max pool over negative values',
    shapes: [
      [2, 9, 9, 3],
      [3, 3, 3, 2],
    ],
    f: (x, w) => tf.maxPool(tf.conv2d(x4(x), x4(w), 2, 'same'), 2, 1, 'same'),
  },
  {
    name: 'conv → average pool → batch norm by moments',
    shapes: [[3, 8, 8, 1], [3, 3, 1, 3], [3], [3]],
    f: (x, w, gamma, beta) => {
      const y = tf.avgPool(tf.conv2d(x4(x), x4(w), 1, 'same'), 2, 2, 'valid');
      const { mean, variance } = tf.moments(y, [0, 1, 2]);
      return tf.batchNorm(y, mean, variance, beta as tf.Tensor1D, gamma as tf.Tensor1D, 1e-3);
    },
  },
  {
    name: 'depthwise conv with multiplier 2 and stride 2',
    shapes: [
      [2, 9, 9, 3],
      [3, 3, 3, 2],
    ],
    f: (x, w) => tf.depthwiseConv2d(x4(x), x4(w), 2, 'same'),
  },
  {
    name: 'separable conv',
    shapes: [
      [2, 8, 8, 2],
      [3, 3, 2, 1],
      [1, 1, 2, 4],
    ],
    f: (x, dw, pw) => tf.separableConv2d(x4(x), x4(dw), x4(pw), 1, 'valid'),
  },
  {
    name: 'transposed conv',
    shapes: [
      [2, 5, 5, 3],
      [3, 3, 2, 3],
    ],
    f: (x, w) => tf.conv2dTranspose(x4(x), x4(w), [2, 11, 11, 2], 2, 'valid'),
  },
  {
    name: 'embedding lookup (gather)',
    shapes: [[10, 4]],
    f: (emb) => tf.gather(emb, tf.tensor1d([3, 1, 3, 9, 0, 3], 'int32')),
  },
];

async function gradsOn(backend: string, net: Net): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const args = net.shapes.map((shape, i) =>
      tf.tensor(
        randomValues(
          shape.reduce((a, b) => a * b, 1),
          11 + i,
        ),
        shape,
      ),
    );
    return tf
      .grads((...ts: tf.Tensor[]) => weightedSum(net.f(...ts)))(args)
      .map((g) => g.dataSync() as Float32Array);
  });
}

describe('training on wasm', () => {
  beforeAll(initWasmForTests);

  it.each(nets.map((n) => [n.name, n] as const))('%s: gradients match the cpu backend', async (_, net) => {
    const cpu = await gradsOn('cpu', net);
    const wasm = await gradsOn('wasm', net);
    cpu.forEach((expected, i) => {
      const actual = wasm[i]!;
      expect(actual.length).toBe(expected.length);
      const worst = Math.max(...expected.map((e, j) => Math.abs(actual[j]! - e) / Math.max(1, Math.abs(e))));
      expect(worst).toBeLessThan(1e-4);
    });
  });

  it('fits a small Keras-style CNN without a missing-kernel error and lowers the loss', async () => {
    await tf.setBackend('wasm');
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.batchNormalization(),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    const xs = tf.tensor4d(randomValues(32 * 64, 5), [32, 8, 8, 1]);
    // A learnable label: the sign of the image's mean.
    const ys = tf.oneHot(tf.cast(tf.greater(tf.mean(xs, [1, 2, 3]), 0), 'int32'), 2);
    const history = await model.fit(xs, ys, { epochs: 15, batchSize: 16, verbose: 0 });
    const losses = history.history['loss'] as number[];
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! * 0.8);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('registers nothing twice', () => {
    expect(registerWasmTrainingKernels()).toEqual([]);
    for (const name of WASM_TRAINING_KERNELS) expect(tf.getKernel(name, 'wasm')).toBeDefined();
  });
});
