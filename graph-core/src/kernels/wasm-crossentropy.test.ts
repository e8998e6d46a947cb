import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCloseToCpu, initWasmForTests, randomValues } from '../backends/wasm-test-setup';
import { lossFunction } from '../compile/losses';
import { CROSSENTROPY_KERNEL, crossentropy } from './wasm-crossentropy';

interface Outcome {
  loss: number;
  grad: Float32Array;
  kernels: string[];
}

/** The batch loss and its gradient in yPred through compile's loss function on `backend`. */
async function outcome(
  backend: string,
  id: 'categoricalCrossentropy' | 'sparseCategoricalCrossentropy',
  labels: number[],
  labelShape: number[],
  pred: number[],
  predShape: number[],
): Promise<Outcome> {
  await tf.setBackend(backend);
  const classes = predShape[predShape.length - 1]!;
  const encoding = id === 'sparseCategoricalCrossentropy' ? 'index' : 'onehot';
  const loss = lossFunction(id, { outputUnits: classes, encoding });
  const yTrue = tf.tensor(labels, labelShape);
  const yPred = tf.tensor(pred, predShape);
  const profile = await tf.profile(() => void tf.dispose(loss(yTrue, yPred)));
  const { value, grads } = tf.valueAndGrads((p: tf.Tensor) => loss(yTrue, p) as tf.Scalar)([yPred]);
  const out = {
    loss: (await value.data())[0]!,
    grad: (await grads[0]!.data()) as Float32Array,
    kernels: profile.kernels.map((k) => k.name),
  };
  tf.dispose([yTrue, yPred, value, ...grads]);
  return out;
}

describe('categorical crossentropy on probabilities as one wasm kernel', () => {
  beforeAll(initWasmForTests);

  it('equals the ops on cpu (loss and d/d yPred) over shapes, soft and one-hot labels, clipped probabilities', async () => {
    const arb = fc.record({
      batch: fc.integer({ min: 1, max: 6 }),
      classes: fc.integer({ min: 2, max: 12 }),
      sparse: fc.boolean(),
      soft: fc.boolean(),
      // Some probabilities 0 or 1 (clipped to ε / 1 − ε, where the gradient stops), some unnormalised.
      extremes: fc.boolean(),
      scale: fc.constantFrom(1, 0.5, 3),
      seed: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(arb, async (c) => {
        const n = c.batch * c.classes;
        const raw = randomValues(n, c.seed).map((v) => (v + 1) / 2);
        const pred = raw.map((v, i) => {
          if (c.extremes && i % 5 === 0) return 0;
          return v * c.scale;
        });
        if (c.extremes && c.classes > 1) pred[1] = 1;
        const ids = randomValues(c.batch, c.seed + 1).map(
          (v) => Math.floor(((v + 1) / 2) * c.classes) % c.classes,
        );
        const soft = randomValues(n, c.seed + 2).map((v) => (v + 1) / 2);
        const id = c.sparse ? 'sparseCategoricalCrossentropy' : 'categoricalCrossentropy';
        const labels = c.sparse
          ? ids
          : c.soft
            ? soft
            : Array.from({ length: n }, (_, i) => (ids[Math.floor(i / c.classes)] === i % c.classes ? 1 : 0));
        const labelShape = c.sparse ? [c.batch, 1] : [c.batch, c.classes];
        const shape = [c.batch, c.classes];
        const cpu = await outcome('cpu', id, labels, labelShape, pred, shape);
        const wasm = await outcome('wasm', id, labels, labelShape, pred, shape);
        expectCloseToCpu([wasm.loss], [cpu.loss], 'loss');
        expectCloseToCpu(wasm.grad, cpu.grad, 'dPred');
        expect(wasm.kernels).toContain(CROSSENTROPY_KERNEL);
        expect(wasm.kernels).not.toContain('Log');
        expect(wasm.kernels).not.toContain('Mean');
        expect(cpu.kernels).toContain('Log');
      }),
      { numRuns: 60 },
    );
  });

  it('takes the batch mean exactly as wasm’s Mean of its per-sample losses (value and gradient)', async () => {
    await tf.setBackend('wasm');
    const arb = fc.record({
      batch: fc.integer({ min: 1, max: 70 }),
      classes: fc.integer({ min: 2, max: 12 }),
      seed: fc.nat(),
    });
    fc.assert(
      fc.property(arb, (c) => {
        const n = c.batch * c.classes;
        const yPred = tf.tensor(
          randomValues(n, c.seed).map((v) => (v + 1) / 2),
          [c.batch, c.classes],
        );
        const yTrue = tf.tensor(
          randomValues(n, c.seed + 1).map((v) => (v + 1) / 2),
          [c.batch, c.classes],
        );
        const fused = tf.valueAndGrad((p: tf.Tensor) => crossentropy(yTrue, p, 1e-7, true) as tf.Scalar)(
          yPred,
        );
        const ops = tf.valueAndGrad((p: tf.Tensor) => tf.mean(crossentropy(yTrue, p, 1e-7)) as tf.Scalar)(
          yPred,
        );
        expect(fused.value.shape).toEqual([]);
        expect(fused.value.dataSync()[0]).toBe(ops.value.dataSync()[0]);
        expect(Array.from(fused.grad.dataSync())).toEqual(Array.from(ops.grad.dataSync()));
        tf.dispose([yPred, yTrue, fused.value, fused.grad, ops.value, ops.grad]);
      }),
      { numRuns: 60 },
    );
    await tf.setBackend('cpu');
  });
});
