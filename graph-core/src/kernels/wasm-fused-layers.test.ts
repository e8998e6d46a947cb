import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCloseToCpu, initWasmForTests, randomValues } from '../backends/wasm-test-setup';
import { fusedConv2D, fusedDense, RELU_BIAS_GRAD_KERNEL, type FusedActivation } from './wasm-fused-layers';

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

interface Outcome {
  y: Float32Array;
  grads: Float32Array[];
  kernels: string[];
}

/**
 * The layer's output and the gradients of sum(y · r) (r random, so every element counts) with
 * respect to every input, on `backend`: the fused kernel on wasm, tfjs's plain ops on cpu.
 */
async function outcome(
  backend: string,
  shapes: number[][],
  seed: number,
  layer: (inputs: tf.Tensor[]) => tf.Tensor,
): Promise<Outcome> {
  await tf.setBackend(backend);
  const inputs = shapes.map((s, i) => tf.tensor(randomValues(size(s), seed + i), s));
  const f = (...xs: tf.Tensor[]) => {
    const y = layer(xs);
    const r = tf.tensor(randomValues(y.size, seed + 99), y.shape);
    return tf.sum(tf.mul(y, r));
  };
  const profile = await tf.profile(() => void tf.dispose(layer(inputs)));
  const y = tf.tidy(() => layer(inputs));
  const grads = tf.grads(f)(inputs);
  const out = {
    y: (await y.data()) as Float32Array,
    grads: (await Promise.all(grads.map((g) => g.data()))) as Float32Array[],
    kernels: profile.kernels.map((k) => k.name),
  };
  tf.dispose([...inputs, y, ...grads]);
  return out;
}

function sameAsCpu(wasm: Outcome, cpu: Outcome, names: string[]): void {
  expectCloseToCpu(wasm.y, cpu.y, 'output');
  expect(wasm.grads.length).toBe(cpu.grads.length);
  cpu.grads.forEach((g, i) => expectCloseToCpu(wasm.grads[i]!, g, `d${names[i]}`));
}

const activate = (y: tf.Tensor, activation: FusedActivation) =>
  activation === 'relu' ? tf.relu(y) : activation === 'softmax' ? tf.softmax(y) : y;

describe('fused Dense / Conv2D + bias + activation on wasm agree with cpu', () => {
  beforeAll(initWasmForTests);

  it('Dense: output and the gradients of x, kernel and bias, with and without bias, ReLU or softmax', async () => {
    const arb = fc.record({
      batch: fc.integer({ min: 1, max: 5 }),
      inDim: fc.integer({ min: 1, max: 9 }),
      // Multiples of 4 take the SIMD ReLU/bias gradient, the rest its scalar loop.
      units: fc.oneof(fc.integer({ min: 1, max: 9 }), fc.constantFrom(4, 8, 12)),
      activation: fc.constantFrom<FusedActivation>('relu', 'linear', 'softmax'),
      useBias: fc.boolean(),
      seed: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(arb, async (c) => {
        const shapes = [[c.batch, c.inDim], [c.inDim, c.units], ...(c.useBias ? [[c.units]] : [])];
        const cpu = await outcome('cpu', shapes, c.seed, ([x, k, b]) => {
          const z = tf.matMul(x!, k!);
          return activate(b === undefined ? z : tf.add(z, b), c.activation);
        });
        const wasm = await outcome('wasm', shapes, c.seed, ([x, k, b]) =>
          fusedDense(x!, k!, b ?? null, c.activation),
        );
        sameAsCpu(wasm, cpu, ['x', 'kernel', 'bias']);
        expect(wasm.kernels).toEqual(['LayerloomDense']);
      }),
      { numRuns: 40 },
    );
  });

  it('Conv2D: output and the gradients of x, filter and bias over shapes, strides and paddings', async () => {
    const arb = fc.record({
      batch: fc.integer({ min: 1, max: 2 }),
      h: fc.integer({ min: 3, max: 9 }),
      w: fc.integer({ min: 3, max: 9 }),
      inC: fc.integer({ min: 1, max: 3 }),
      outC: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constantFrom(4, 8)),
      fh: fc.integer({ min: 1, max: 3 }),
      fw: fc.integer({ min: 1, max: 3 }),
      sh: fc.integer({ min: 1, max: 2 }),
      sw: fc.integer({ min: 1, max: 2 }),
      pad: fc.constantFrom<'valid' | 'same'>('valid', 'same'),
      activation: fc.constantFrom<FusedActivation>('relu', 'linear', 'softmax'),
      useBias: fc.boolean(),
      seed: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(arb, async (c) => {
        const shapes = [
          [c.batch, c.h, c.w, c.inC],
          [c.fh, c.fw, c.inC, c.outC],
          ...(c.useBias ? [[c.outC]] : []),
        ];
        const strides: [number, number] = [c.sh, c.sw];
        const cpu = await outcome('cpu', shapes, c.seed, ([x, f, b]) => {
          const z = tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, strides, c.pad);
          return activate(b === undefined ? z : tf.add(z, b), c.activation);
        });
        const wasm = await outcome('wasm', shapes, c.seed, ([x, f, b]) =>
          fusedConv2D(x!, f!, b ?? null, { strides, pad: c.pad, activation: c.activation }),
        );
        sameAsCpu(wasm, cpu, ['x', 'filter', 'bias']);
        expect(wasm.kernels).toEqual(['LayerloomConv2D']);
      }),
      { numRuns: 40 },
    );
  });

  it('the ReLU/bias gradient kernel: SIMD and scalar paths, zeros and negatives in y', async () => {
    await tf.setBackend('wasm');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 13 }),
        fc.nat(),
        async (rows, channels, seed) => {
          const dyValues = randomValues(rows * channels, seed);
          // A third of y exactly 0 (a ReLU's output below its threshold), the rest either sign.
          const yValues = randomValues(rows * channels, seed + 1).map((v, i) => (i % 3 === 0 ? 0 : v));
          const [g, db] = tf.tidy(() =>
            tf.engine().runKernel(RELU_BIAS_GRAD_KERNEL, {
              dy: tf.tensor2d(dyValues, [rows, channels]),
              y: tf.tensor2d(yValues, [rows, channels]),
            }),
          ) as tf.Tensor[];
          const gExpected = dyValues.map((d, i) => (yValues[i]! > 0 ? d : 0));
          const dbExpected = Array.from({ length: channels }, (_, c) =>
            gExpected.filter((_, i) => i % channels === c).reduce((a, b) => a + b, 0),
          );
          expectCloseToCpu(await g!.data(), gExpected, 'g');
          expectCloseToCpu(await db!.data(), dbExpected, 'db');
          tf.dispose([g!, db!]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
