import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { initWasmForTests, randomValues, runKernelOn } from '../backends/wasm-test-setup';

type Input = { shape: number[]; values: number[]; dtype?: 'float32' | 'int32' };

async function sameOnBothBackends(
  kernel: string,
  inputs: Record<string, Input>,
  attrs: Record<string, unknown>,
) {
  const cpu = await runKernelOn('cpu', kernel, inputs, attrs);
  const wasm = await runKernelOn('wasm', kernel, inputs, attrs);
  expect(wasm.shape).toEqual(cpu.shape);
  const worst = Math.max(
    0,
    ...Array.from(cpu.values, (e, i) => Math.abs(wasm.values[i]! - e) / Math.max(1, Math.abs(e))),
  );
  expect(worst).toBeLessThan(1e-4);
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const tensor = (shape: number[], seed: number): Input => ({ shape, values: randomValues(size(shape), seed) });

const matmulArb = fc.record({
  batch: fc.constantFrom(0, 1, 3),
  m: fc.integer({ min: 1, max: 9 }),
  k: fc.integer({ min: 1, max: 9 }),
  n: fc.integer({ min: 1, max: 9 }),
  transposeA: fc.boolean(),
  transposeB: fc.boolean(),
  seed: fc.nat(),
});

describe('wasm fast paths agree with the cpu backend', () => {
  beforeAll(initWasmForTests);

  it.each(['BatchMatMul', '_FusedMatMul'])(
    '%s with every combination of transposes and batch ranks',
    async (kernel) => {
      await fc.assert(
        fc.asyncProperty(matmulArb, async (c) => {
          // The fused op always hands its kernel rank-3 operands.
          const outer = c.batch === 0 ? (kernel === '_FusedMatMul' ? [1] : []) : [c.batch];
          const a = c.transposeA ? [...outer, c.k, c.m] : [...outer, c.m, c.k];
          const b = c.transposeB ? [...outer, c.n, c.k] : [...outer, c.k, c.n];
          const inputs: Record<string, Input> = { a: tensor(a, c.seed), b: tensor(b, c.seed + 1) };
          const attrs: Record<string, unknown> = { transposeA: c.transposeA, transposeB: c.transposeB };
          if (kernel === '_FusedMatMul') {
            inputs['bias'] = tensor([c.n], c.seed + 2);
            attrs['activation'] = 'relu';
          }
          await sameOnBothBackends(kernel, inputs, attrs);
        }),
        { numRuns: 40 },
      );
    },
  );

  it('Slice of any window of a rank 1-4 tensor, float32 and int32', async () => {
    const sliceArb = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }).chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        begin: fc.tuple(...shape.map((d) => fc.integer({ min: 0, max: d - 1 }))),
        frac: fc.tuple(...shape.map(() => fc.double({ min: 0, max: 1, noNaN: true }))),
        int: fc.boolean(),
        seed: fc.nat(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(sliceArb, async ({ shape, begin, frac, int, seed }) => {
        const sizes = shape.map((d, i) => Math.max(0, Math.round(frac[i]! * (d - begin[i]!))));
        const values = randomValues(size(shape), seed).map((v) => (int ? Math.round(v * 100) : v));
        await sameOnBothBackends(
          'Slice',
          { x: { shape, values, dtype: int ? 'int32' : 'float32' } },
          { begin, size: sizes },
        );
      }),
      { numRuns: 60 },
    );
  });

  it('GatherV2 along any axis, with and without a batch axis, short and long rows', async () => {
    const gatherArb = fc
      .record({
        shape: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
        row: fc.constantFrom(1, 5, 16, 40),
        batchDims: fc.constantFrom(0, 1),
        count: fc.integer({ min: 1, max: 6 }),
        seed: fc.nat(),
      })
      .chain((c) =>
        fc.record({
          c: fc.constant(c),
          axis: fc.integer({ min: c.batchDims, max: c.shape.length }),
        }),
      );
    await fc.assert(
      fc.asyncProperty(gatherArb, async ({ c, axis }) => {
        const shape = [...c.shape, c.row];
        fc.pre(c.batchDims === 0 || shape.length > 1);
        const axisDim = shape[axis]!;
        const idxShape = c.batchDims === 1 ? [shape[0]!, c.count] : [c.count];
        const ids = randomValues(size(idxShape), c.seed + 3).map(
          (v) => Math.floor(((v + 1) / 2) * axisDim) % axisDim,
        );
        await sameOnBothBackends(
          'GatherV2',
          { x: tensor(shape, c.seed), indices: { shape: idxShape, values: ids, dtype: 'int32' } },
          { axis, batchDims: c.batchDims },
        );
      }),
      { numRuns: 60 },
    );
  });

  it('GatherV2 refuses an out-of-range row index, as the original does', async () => {
    const x = tensor([3, 20], 1);
    await expect(
      runKernelOn(
        'wasm',
        'GatherV2',
        { x, indices: { shape: [2], values: [0, 3], dtype: 'int32' } },
        { axis: 0, batchDims: 0 },
      ),
    ).rejects.toThrow(/index value 3 is not in \[0, 2\]/);
  });

  it('Identity shares its input (no copy) and each side outlives the other', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 0, maxLength: 4 }),
        fc.constantFrom<'float32' | 'int32' | 'bool'>('float32', 'int32', 'bool'),
        fc.boolean(),
        fc.nat(),
        async (shape, dtype, disposeInputFirst, seed) => {
          await tf.setBackend('wasm');
          const values = randomValues(size(shape), seed).map((v) =>
            dtype === 'float32' ? v : v > 0 ? 1 : 0,
          );
          const before = tf.memory().numDataBuffers;
          const x = tf.tensor(values, shape, dtype);
          const y = tf.engine().runKernel('Identity', { x }) as tf.Tensor;
          expect(y.shape).toEqual(shape);
          expect(y.dtype).toBe(dtype);
          const expected = Array.from(await x.data());
          // One buffer for both: the output is the input's data, not a copy of it.
          expect(tf.memory().numDataBuffers - before).toBe(1);
          const [first, second] = disposeInputFirst ? [x, y] : [y, x];
          first.dispose();
          expect(Array.from(await second.data())).toEqual(expected);
          second.dispose();
          expect(tf.memory().numDataBuffers).toBe(before);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a gradient that saves tensors (clones) still matches cpu after its inputs are freed', async () => {
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const x = tf.tensor2d(randomValues(12, 5), [3, 4]);
      const w = tf.variable(tf.tensor2d(randomValues(8, 6), [4, 2]));
      const { value, grads } = tf.variableGrads(() =>
        tf.tidy(() => tf.sum(tf.relu(tf.matMul(tf.square(x), w)))),
      );
      const out = { value: await value.data(), grad: await grads[w.name]!.data() };
      tf.dispose([x, w, value, grads[w.name]!]);
      return out;
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    expect(Array.from(wasm.value)[0]).toBeCloseTo(Array.from(cpu.value)[0]!, 4);
    Array.from(cpu.grad).forEach((g, i) => expect(wasm.grad[i]).toBeCloseTo(g, 4));
  });
});
