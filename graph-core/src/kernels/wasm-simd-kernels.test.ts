import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { initWasmForTests, randomValues, runKernelOn } from '../backends/wasm-test-setup';
import { simdKernelsOf } from './wasm-simd-kernels';

type Input = { shape: number[]; values: number[] };

const tensor = (shape: number[], seed: number): Input => ({
  shape,
  values: randomValues(
    shape.reduce((a, b) => a * b, 1),
    seed,
  ),
});

async function agreesWithCpu(
  kernelName: string,
  inputs: Record<string, Input>,
  attrs: object,
): Promise<void> {
  const cpu = await runKernelOn('cpu', kernelName, inputs, attrs as Record<string, unknown>);
  const wasm = await runKernelOn('wasm', kernelName, inputs, attrs as Record<string, unknown>);
  expect(wasm.shape).toEqual(cpu.shape);
  for (let i = 0; i < cpu.values.length; i++) {
    const tolerance = 1e-4 * Math.max(1, Math.abs(cpu.values[i]!));
    if (!(Math.abs(wasm.values[i]! - cpu.values[i]!) <= tolerance))
      throw new Error(`${kernelName} element ${i}: wasm ${wasm.values[i]} vs cpu ${cpu.values[i]}`);
  }
}

const runs = { numRuns: 40 };

describe('SIMD wasm kernels agree with cpu', () => {
  beforeAll(async () => {
    await initWasmForTests();
  });

  it('runs the SIMD path on the wasm backend (not the JavaScript fallback)', async () => {
    await tf.setBackend('wasm');
    expect(simdKernelsOf(tf.backend())).not.toBeNull();
    await tf.setBackend('cpu');
  });

  it('MaxPoolGrad with channels in groups of four, on random windows, strides and paddings', async () => {
    const poolArb = fc.record({
      batch: fc.integer({ min: 1, max: 2 }),
      h: fc.integer({ min: 2, max: 9 }),
      w: fc.integer({ min: 2, max: 9 }),
      c: fc.constantFrom(4, 8, 12),
      fh: fc.integer({ min: 1, max: 4 }),
      fw: fc.integer({ min: 1, max: 4 }),
      sh: fc.integer({ min: 1, max: 3 }),
      sw: fc.integer({ min: 1, max: 3 }),
      pad: fc.constantFrom<'valid' | 'same'>('valid', 'same'),
      // Window maxima that are negative, tied or all equal must route like cpu's.
      values: fc.constantFrom('random', 'negative', 'ties'),
      seed: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(poolArb, async (p) => {
        fc.pre(p.pad === 'same' || (p.fh <= p.h && p.fw <= p.w));
        const x = tensor([p.batch, p.h, p.w, p.c], p.seed);
        if (p.values === 'negative') x.values = x.values.map((v) => -Math.abs(v) - 0.5);
        if (p.values === 'ties') x.values = x.values.map((v) => Math.round(v * 2));
        const attrs = { filterSize: [p.fh, p.fw], strides: [p.sh, p.sw], pad: p.pad };
        const y = await runKernelOn('cpu', 'MaxPool', { x }, attrs);
        const dy = tensor(y.shape, p.seed + 1);
        const output = { shape: y.shape, values: Array.from(y.values) };
        await agreesWithCpu('MaxPoolGrad', { dy, input: x, output }, attrs);
      }),
      runs,
    );
  });

  it('MaxPoolGrad on windows that tile the input (stride = filter): the masked pass, ties, −∞ and NaN', async () => {
    await tf.setBackend('wasm');
    const kernels = simdKernelsOf(tf.backend())!.kernels;
    await tf.setBackend('cpu');
    const original = kernels.poolGradTiles;
    let calls = 0;
    kernels.poolGradTiles = (...args: number[]) => {
      calls++;
      original(...args);
    };
    const tileArb = fc.record({
      batch: fc.integer({ min: 1, max: 3 }),
      oh: fc.integer({ min: 1, max: 5 }),
      ow: fc.integer({ min: 1, max: 5 }),
      // Rows and columns beyond the last window ('valid' floors them away) must get zeros.
      extraH: fc.integer({ min: 0, max: 2 }),
      extraW: fc.integer({ min: 0, max: 2 }),
      c: fc.constantFrom(4, 8, 16),
      f: fc.constantFrom<[number, number]>([2, 2], [1, 1], [3, 3], [2, 3], [1, 2]),
      values: fc.constantFrom('random', 'negative', 'ties', 'special'),
      seed: fc.nat(),
    });
    try {
      await fc.assert(
        fc.asyncProperty(tileArb, async (p) => {
          const [fh, fw] = p.f;
          const h = p.oh * fh + Math.min(p.extraH, fh - 1);
          const w = p.ow * fw + Math.min(p.extraW, fw - 1);
          const x = tensor([p.batch, h, w, p.c], p.seed);
          if (p.values === 'negative') x.values = x.values.map((v) => -Math.abs(v) - 0.5);
          if (p.values === 'ties') x.values = x.values.map((v) => Math.round(v * 2));
          // Whole windows of −∞ or NaN route nowhere; a NaN beside numbers never wins.
          if (p.values === 'special')
            x.values = x.values.map((v, i) =>
              i % 5 === 0 ? Number.NEGATIVE_INFINITY : i % 7 === 0 ? Number.NaN : Math.round(v * 2),
            );
          const attrs = { filterSize: [fh, fw], strides: [fh, fw], pad: 'valid' };
          const y = await runKernelOn('cpu', 'MaxPool', { x }, attrs);
          const dy = tensor(y.shape, p.seed + 1);
          const output = { shape: y.shape, values: Array.from(y.values) };
          const before = calls;
          await agreesWithCpu('MaxPoolGrad', { dy, input: x, output }, attrs);
          expect(calls - before).toBe(p.batch * p.oh);
        }),
        { numRuns: 80 },
      );
    } finally {
      kernels.poolGradTiles = original;
    }
  });

  it('Sum over any set of axes, leading-axis sums of lanes of four included', async () => {
    const sumArb = fc.record({
      shape: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
      axesMask: fc.nat(15),
      keepDims: fc.boolean(),
      seed: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(sumArb, async ({ shape: drawn, axesMask, keepDims, seed }) => {
        const shape = [...drawn];
        const last = shape.length - 1;
        shape[last] = shape[last]! * 4;
        const axis = shape.map((_, i) => i).filter((i) => (axesMask >> i) & 1);
        fc.pre(axis.length > 0);
        await agreesWithCpu('Sum', { x: tensor(shape, seed) }, { axis, keepDims });
      }),
      runs,
    );
  });

  it('Add of a trailing block (a bias) to a tensor, either side, and other broadcasts', async () => {
    const addArb = fc.record({
      shape: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
      trailing: fc.nat(3),
      leadingOnes: fc.nat(2),
      lanes: fc.boolean(),
      swap: fc.boolean(),
      seed: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(addArb, async (p) => {
        const shape = [...p.shape];
        if (p.lanes) shape[shape.length - 1] = shape[shape.length - 1]! * 4;
        const tail = shape.slice(shape.length - Math.min(p.trailing + 1, shape.length));
        const small = [...Array<number>(p.leadingOnes).fill(1), ...tail];
        const [a, b] = [tensor(shape, p.seed), tensor(small, p.seed + 1)];
        await agreesWithCpu('Add', p.swap ? { a: b, b: a } : { a, b }, {});
      }),
      runs,
    );
  });

  it('Conv2DBackpropInput with input channels in groups of four (matmul + col2im)', async () => {
    const convArb = fc.record({
      batch: fc.integer({ min: 1, max: 2 }),
      h: fc.integer({ min: 3, max: 9 }),
      w: fc.integer({ min: 3, max: 9 }),
      c: fc.constantFrom(4, 8),
      outC: fc.integer({ min: 1, max: 5 }),
      fh: fc.integer({ min: 1, max: 4 }),
      fw: fc.integer({ min: 1, max: 4 }),
      sh: fc.integer({ min: 1, max: 3 }),
      sw: fc.integer({ min: 1, max: 3 }),
      pad: fc.oneof(
        fc.constantFrom<'valid' | 'same'>('valid', 'same'),
        fc.tuple(fc.nat(2), fc.nat(2), fc.nat(2), fc.nat(2)),
      ),
      seed: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(convArb, async (p) => {
        const pad = Array.isArray(p.pad)
          ? [
              [0, 0],
              [p.pad[0], p.pad[1]],
              [p.pad[2], p.pad[3]],
              [0, 0],
            ]
          : p.pad;
        const [ph, pw] = Array.isArray(p.pad) ? [p.pad[0] + p.pad[1], p.pad[2] + p.pad[3]] : [0, 0];
        fc.pre(p.pad === 'same' || (p.fh <= p.h + ph && p.fw <= p.w + pw));
        const x = tensor([p.batch, p.h, p.w, p.c], p.seed);
        const filter = tensor([p.fh, p.fw, p.c, p.outC], p.seed + 1);
        const convAttrs = { strides: [p.sh, p.sw], pad, dataFormat: 'NHWC', dilations: [1, 1] };
        const y = await runKernelOn('cpu', 'Conv2D', { x, filter }, convAttrs);
        const dy = tensor(y.shape, p.seed + 2);
        const attrs = { ...convAttrs, inputShape: x.shape };
        await agreesWithCpu('Conv2DBackpropInput', { dy, filter }, attrs);
      }),
      runs,
    );
  });
});
