import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmForTests, randomValues } from '../backends/wasm-test-setup';
import { correctCount } from '../train/tensors';
import { CORRECT_COUNT_KERNEL } from './wasm-metrics';

type Encoding = 'onehot' | 'index' | 'value';

/** train/tensors.ts's correctCount on `backend`: the count and the kernels it ran. */
async function count(
  backend: string,
  encoding: Encoding,
  labels: number[],
  labelShape: number[],
  pred: number[],
  predShape: number[],
): Promise<{ value: number; kernels: string[] }> {
  await tf.setBackend(backend);
  const yTrue = tf.tensor(labels, labelShape, 'float32');
  const yPred = tf.tensor(pred, predShape, 'float32');
  let out: tf.Tensor | undefined;
  const profile = await tf.profile(() => {
    out = correctCount(yTrue, yPred, encoding);
  });
  const value = (await out!.data())[0]!;
  expect(out!.shape).toEqual([]);
  expect(out!.dtype).toBe('float32');
  tf.dispose([yTrue, yPred, out!]);
  return { value, kernels: profile.kernels.map((k) => k.name) };
}

describe('a batch’s correct predictions as one wasm kernel', () => {
  beforeAll(initWasmForTests);

  it('counts what the ops count on cpu, over shapes, encodings, ties and NaN', async () => {
    const arb = fc.record({
      batch: fc.integer({ min: 1, max: 9 }),
      classes: fc.integer({ min: 1, max: 12 }),
      encoding: fc.constantFrom<Encoding>('onehot', 'index', 'value'),
      // Few distinct values make ties in argmax (the first maximum wins) and exact 0.5s for 'value'.
      levels: fc.constantFrom(0, 2, 3),
      nan: fc.boolean(),
      // One-hot labels as 0/1 rows, or soft labels (argmax of a probability row).
      soft: fc.boolean(),
      seed: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(arb, async (c) => {
        const classes = c.encoding === 'value' ? Math.min(c.classes, 2) : c.classes;
        const n = c.batch * classes;
        const raw = randomValues(n, c.seed).map((v) => (v + 1) / 2);
        const pred = raw.map((v, i) => {
          if (c.nan && i % 7 === 3) return Number.NaN;
          return c.levels === 0 ? v : Math.floor(v * c.levels) / (c.levels - 1);
        });
        const ids = randomValues(c.batch, c.seed + 1).map(
          (v) => Math.floor(((v + 1) / 2) * classes) % classes,
        );
        const soft = randomValues(n, c.seed + 2).map((v) => Math.round((v + 1) * 2) / 4);
        let labels: number[];
        let labelShape: number[];
        if (c.encoding === 'index') {
          labels = ids;
          labelShape = [c.batch];
        } else if (c.encoding === 'value') {
          labels = soft;
          labelShape = [c.batch, classes];
        } else {
          labels = c.soft
            ? soft
            : Array.from({ length: n }, (_, i) => (ids[Math.floor(i / classes)] === i % classes ? 1 : 0));
          labelShape = [c.batch, classes];
        }
        const shape = [c.batch, classes];
        const cpu = await count('cpu', c.encoding, labels, labelShape, pred, shape);
        const wasm = await count('wasm', c.encoding, labels, labelShape, pred, shape);
        expect(wasm.value).toBe(cpu.value);
        expect(wasm.kernels).toEqual([CORRECT_COUNT_KERNEL]);
        expect(cpu.kernels).not.toContain(CORRECT_COUNT_KERNEL);
      }),
      { numRuns: 120 },
    );
  });

  it('leaves shapes it does not cover to the ops', async () => {
    // Sparse labels as [batch, 1] broadcast against argmax's [batch] in the ops; not the kernel's shape.
    const wasm = await count('wasm', 'index', [0, 1, 1], [3, 1], [0.9, 0.1, 0.2, 0.8, 0.6, 0.4], [3, 2]);
    const cpu = await count('cpu', 'index', [0, 1, 1], [3, 1], [0.9, 0.1, 0.2, 0.8, 0.6, 0.4], [3, 2]);
    expect(wasm.value).toBe(cpu.value);
    expect(wasm.kernels).not.toContain(CORRECT_COUNT_KERNEL);
  });
});
