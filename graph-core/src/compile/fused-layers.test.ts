import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmForTests } from '../backends/wasm-test-setup';
import { expectSameTraining, trainIrisOn } from './fused-testkit';
import type { LayerSpec } from './testGraphs';

// Iris's four features as a 2×2 image: two convolutions (ReLU, and linear with 'same' padding and
// unequal strides), a Dense on the rank-4 conv output (not fused: tfjs's own call), then fused
// Dense layers with ReLU, tanh (applied after the kernel) and no bias, and the softmax head.
const layers: LayerSpec[] = [
  ['Reshape', { targetShape: [2, 2, 1] }, 'r'],
  ['Conv2D', { filters: 4, kernelSize: [2, 2], padding: 'same', activation: 'relu' }, 'c1'],
  ['Conv2D', { filters: 3, kernelSize: [2, 1], strides: [1, 2], padding: 'same' }, 'c2'],
  ['Dense', { units: 2, activation: 'relu' }, 'd0'],
  ['Flatten', {}, 'f'],
  ['Dense', { units: 8, activation: 'relu' }, 'd1'],
  ['Dense', { units: 5, activation: 'tanh', useBias: false }, 'd2'],
  ['Dense', { units: 3, activation: 'softmax' }, 'head'],
];

// One training-mode forward and backward, where tfjs unfuses bias and ReLU.
const trainOn = (backend: string) =>
  trainIrisOn(
    backend,
    layers,
    { optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 3, seed: 7 },
    (compiled, probe) => {
      const step = () => tf.sum(compiled.model.apply(probe, { training: true }) as tf.Tensor) as tf.Scalar;
      tf.variableGrads(step);
    },
  );

describe('compiled Dense and Conv2D layers on wasm', () => {
  beforeAll(initWasmForTests);

  it('train through the fused bias + activation kernels and end with the same weights and losses as cpu', async () => {
    const cpu = await trainOn('cpu');
    const wasm = await trainOn('wasm');
    const count = (names: string[], name: string) => names.filter((n) => n === name).length;
    expect(count(wasm.kernelNames, 'LayerloomConv2D')).toBe(2);
    expect(count(wasm.kernelNames, 'LayerloomDense')).toBe(3);
    // Only the rank-4 Dense runs tfjs's own path (a separate Relu under the gradient tape).
    expect(count(wasm.kernelNames, 'Relu')).toBe(1);
    expect(count(cpu.kernelNames, 'Relu')).toBe(3);
    expect(wasm.kernelNames.length).toBeLessThan(cpu.kernelNames.length - 15);
    expect(wasm.kernelNames).toContain('Tanh');
    // The softmax head runs inside its Dense kernel.
    expect(wasm.kernelNames).not.toContain('Softmax');
    expect(cpu.kernelNames).toContain('Softmax');
    expectSameTraining(wasm, cpu);
  });
});
