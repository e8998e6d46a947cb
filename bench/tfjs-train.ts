// Times a hand-written tfjs training loop: the fastest way tfjs itself offers (no per-batch sync,
// no callbacks), which is what our trainer must match.
import * as tf from '@tensorflow/tfjs';
import type { BenchData } from './data';
import type { ModelSpec } from './models';

export interface Measurement {
  /** Best rate over windows of ≥ 1 s (and ≥ 2 batches): on a shared machine, the closest to uncontended speed. */
  samplesPerSec: number;
  /** Rate over the whole timed span. */
  meanSamplesPerSec: number;
  batches: number;
}

/** Windows of at least this long are compared; the best one is reported. */
export const WINDOW_MS = 1000;

export interface MeasureOptions {
  seconds: number;
  batchSize: number;
  /** Warm-up before timing: kernels compiled, memory pools grown (epoch-1 effects). */
  warmupSeconds: number;
}

export const now = (): number => performance.now();

/**
 * Runs `step(batchIndex)` for a warm-up, then for `seconds`, and reports samples/s.
 * `sync` waits for pending work on asynchronous backends before the clock is read.
 */
export async function timeSteps(
  step: (batch: number) => void,
  sync: () => Promise<void>,
  batchesPerEpoch: number,
  options: MeasureOptions,
): Promise<Measurement> {
  let batch = 0;
  const next = () => step(batch++ % batchesPerEpoch);
  const warmEnd = now() + options.warmupSeconds * 1000;
  do next();
  while (now() < warmEnd || batch < 3);
  await sync();
  const start = now();
  let timed = 0;
  let windowStart = start;
  let windowBatches = 0;
  let best = 0;
  do {
    next();
    timed++;
    windowBatches++;
    const t = now();
    if (t - windowStart >= WINDOW_MS && windowBatches >= 2) {
      await sync();
      const end = now();
      best = Math.max(best, (windowBatches * options.batchSize * 1000) / (end - windowStart));
      windowStart = end;
      windowBatches = 0;
    }
  } while (now() - start < options.seconds * 1000);
  await sync();
  const ms = now() - start;
  const mean = (timed * options.batchSize * 1000) / ms;
  return { samplesPerSec: Math.max(best, mean), meanSamplesPerSec: mean, batches: timed };
}

export interface HandWrittenLoop {
  step: (batch: number) => void;
  sync: () => Promise<void>;
  batchesPerEpoch: number;
  dispose: () => void;
}

/** The hand-written tfjs loop on the active backend: one `optimizer.minimize` per batch, no per-batch sync. */
export function handWrittenLoop(spec: ModelSpec, data: BenchData, batchSize: number): HandWrittenLoop {
  const model = spec.build();
  const optimizer = tf.train.adam(1e-3);
  const xs = tf.tensor(data.x, [data.count, ...spec.sampleShape]);
  const ys = tf.oneHot(tf.tensor1d(data.labels, 'int32'), 10);
  let lastLoss: tf.Scalar | null = null;
  return {
    batchesPerEpoch: Math.floor(data.count / batchSize),
    step: (i) => {
      lastLoss?.dispose();
      lastLoss = tf.tidy(() => {
        const xb = xs.slice(i * batchSize, batchSize);
        const yb = ys.slice(i * batchSize, batchSize);
        return optimizer.minimize(
          () =>
            tf.losses.softmaxCrossEntropy(yb, model.apply(xb, { training: true }) as tf.Tensor) as tf.Scalar,
          true,
        ) as tf.Scalar;
      });
    },
    sync: async () => void (await lastLoss?.data()),
    dispose: () => {
      (lastLoss as tf.Scalar | null)?.dispose();
      tf.dispose([xs, ys]);
      optimizer.dispose();
      model.dispose();
    },
  };
}

export async function measureHandWritten(
  spec: ModelSpec,
  backend: string,
  data: BenchData,
  options: MeasureOptions,
): Promise<Measurement> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} failed to initialise`);
  const loop = handWrittenLoop(spec, data, options.batchSize);
  try {
    return await timeSteps(loop.step, loop.sync, loop.batchesPerEpoch, options);
  } finally {
    loop.dispose();
  }
}
