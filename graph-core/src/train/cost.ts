import * as tf from '@tensorflow/tfjs';
import type { CompiledGraph } from '../compile/types';
import type { PreparedData } from '../data/pipeline';
import type { RunCost } from '../runs/schema';

/** Samples in the timed inference batch (fewer when the data has fewer). */
export const LATENCY_BATCH = 32;
/** Timed passes after one warm-up: at least MIN_PASSES and MIN_MS in all (a coarse clock still resolves them), at most MAX_PASSES. */
const MIN_PASSES = 5;
const MIN_MS = 50;
const MAX_PASSES = 200;

/** A sub-millisecond clock where the runtime has one (Node, browsers, workers). */
export function preciseNow(): number {
  const p = (globalThis as { performance?: { now(): number } }).performance;
  return p ? p.now() : Date.now();
}

const weightCount = (ws: readonly { shape: readonly (number | null)[] }[]) =>
  ws.reduce((s, w) => s + w.shape.reduce<number>((p, d) => p * (d ?? 0), 1), 0);

/** What a run cost that needs no timing: its parameters and forward FLOPs. */
export function staticCost(compiled: CompiledGraph): RunCost {
  return {
    trainableParams: weightCount(compiled.model.trainableWeights),
    nonTrainableParams: weightCount(compiled.model.nonTrainableWeights),
    flopsPerSample: compiled.flopsPerSample,
    inferenceMsPerSample: null,
    inferenceBatch: 0,
  };
}

/**
 * Inference time per sample of the trained model: a batch of up to LATENCY_BATCH validation (else
 * training) samples, one warm-up pass, then the median of the timed passes (one slow pass, a GC,
 * does not count), each read back so a GPU backend's queued work is counted.
 */
export async function measureLatency(
  compiled: CompiledGraph,
  data: PreparedData,
  now: () => number = preciseNow,
): Promise<Pick<RunCost, 'inferenceMsPerSample' | 'inferenceBatch'>> {
  const split = data.validation.count > 0 ? data.validation : data.train;
  const batch = Math.min(LATENCY_BATCH, split.count);
  if (batch === 0) return { inferenceMsPerSample: null, inferenceBatch: 0 };
  const per = data.featureShape.reduce((p, d) => p * d, 1);
  const x = tf.tensor(split.x.subarray(0, batch * per), [batch, ...data.featureShape]);
  const pass = async () => {
    const y = compiled.model.predict(x) as tf.Tensor;
    await y.data();
    y.dispose();
  };
  try {
    await pass();
    const times: number[] = [];
    const start = now();
    while (times.length < MAX_PASSES && (times.length < MIN_PASSES || now() - start < MIN_MS)) {
      const t0 = now();
      await pass();
      times.push(now() - t0);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] as number;
    return { inferenceMsPerSample: median / batch, inferenceBatch: batch };
  } finally {
    x.dispose();
  }
}
