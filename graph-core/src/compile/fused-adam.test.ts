import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmForTests, randomValues } from '../backends/wasm-test-setup';
import { FusedAdamOptimizer } from './fused-adam';

// Odd sizes reach the scalar tail after the four-lane loop.
const SHAPES = [[7, 5], [128], [3, 4, 2], [1]];

/** Runs `steps` updates with fresh pseudo-random gradients; returns the variables and optimizer state. */
async function train(make: () => tf.Optimizer, backend: string, steps: number, resumeAt = -1) {
  const lr = 0.01;
  await tf.setBackend(backend);
  const vars = SHAPES.map((shape, k) =>
    tf.variable(
      tf.tensor(
        randomValues(
          shape.reduce((a, b) => a * b, 1),
          k + 1,
        ),
        shape,
      ),
      true,
      `w${k}_${backend}_${Math.random()}`,
    ),
  );
  let optimizer = make();
  (optimizer as unknown as { learningRate: number }).learningRate = lr;
  for (let step = 0; step < steps; step++) {
    if (step === resumeAt) {
      // As a checkpoint does: copies of the state go into a fresh optimizer.
      const saved = (await optimizer.getWeights()).map((w) => ({ name: w.name, tensor: w.tensor.clone() }));
      optimizer.dispose();
      optimizer = make();
      await optimizer.setWeights(saved);
      tf.dispose(saved.map((w) => w.tensor));
    }
    const grads = vars.map((v, k) => ({
      name: v.name,
      tensor: tf.tensor(randomValues(v.size, 100 * step + k + 7), v.shape),
    }));
    optimizer.applyGradients(grads);
    tf.dispose(grads.map((g) => g.tensor));
  }
  const weights = await optimizer.getWeights();
  const out = {
    values: vars.map((v) => Array.from(v.dataSync())),
    state: weights.map((w) => Array.from(w.tensor.dataSync())),
    iterations: optimizer.iterations,
  };
  optimizer.dispose();
  tf.dispose(vars);
  return out;
}

function expectClose(a: number[][], b: number[][], tol: number) {
  expect(a.length).toBe(b.length);
  a.forEach((row, i) => row.forEach((x, j) => expect(Math.abs(x - b[i]![j]!)).toBeLessThan(tol)));
}

describe('FusedAdamOptimizer', () => {
  beforeAll(initWasmForTests);

  it.each([1, 2, 6])('matches tfjs Adam on wasm to 1e-5 after %i steps, state included', async (steps) => {
    const ref = await train(() => tf.train.adam(0.01, 0.9, 0.999, 1e-7), 'wasm', steps);
    const fused = await train(() => new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7), 'wasm', steps);
    expect(fused.iterations).toBe(ref.iterations);
    expectClose(fused.values, ref.values, 1e-5);
    expectClose(fused.state, ref.state, 1e-5);
  });

  it('uses the fused kernel on wasm (parameters move with far fewer kernels than tfjs Adam)', async () => {
    await tf.setBackend('wasm');
    const v = tf.variable(tf.ones([64]));
    const count = async (o: tf.Optimizer) => {
      const g = tf.ones([64]);
      const p = await tf.profile(() => o.applyGradients([{ name: v.name, tensor: g }]));
      g.dispose();
      o.dispose();
      return p.kernels.length;
    };
    const fusedKernels = await count(new FusedAdamOptimizer(0.1, 0.9, 0.999, 1e-7));
    expect(v.dataSync()[0]).toBeLessThan(1);
    expect(fusedKernels).toBeLessThan((await count(tf.train.adam(0.1))) / 2);
    v.dispose();
  });

  it('falls back to tfjs Adam on cpu with identical results', async () => {
    const ref = await train(() => tf.train.adam(0.01, 0.9, 0.999, 1e-7), 'cpu', 3);
    const fused = await train(() => new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7), 'cpu', 3);
    expect(fused.values).toEqual(ref.values);
    expect(fused.state).toEqual(ref.state);
  });

  it('carries on from saved state (setWeights) as an unbroken run does', async () => {
    const unbroken = await train(() => new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7), 'wasm', 5);
    const resumed = await train(() => new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7), 'wasm', 5, 2);
    expect(resumed.iterations).toBe(5);
    expectClose(resumed.values, unbroken.values, 1e-6);
    expectClose(resumed.state, unbroken.state, 1e-6);
  });
});
