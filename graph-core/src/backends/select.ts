// Picks the fastest backend that can train a given model: a backend that lacks one gradient kernel
// fails only at the first backward pass, and speed rankings flip between dense nets and CNNs, so
// both are found out by running real training steps rather than from a table.
import * as tf from '@tensorflow/tfjs';
import type { LayersModel } from '@tensorflow/tfjs';
import { modelShapeKey, type BackendChoice, type BackendProbe, type ProbeCache } from './probe-cache';

export * from './probe-cache';

export const DEFAULT_CANDIDATES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;

export type ProbeLabels = 'onehot' | 'index' | 'value';

export interface SelectOptions {
  model: LayersModel;
  /** The training loss as the trainer will call it: (labels, predictions) → scalar. */
  loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;
  /** How labels are fed to `loss` (same meaning as the compiler's label encoding). */
  labels: ProbeLabels;
  batchSize: number;
  /** Backends to try, fastest-first by expectation; unregistered ones are skipped silently. */
  candidates?: readonly string[];
  /** Timed steps per backend after one warm-up step (default 3). */
  steps?: number;
  /** Stop timing a backend after this many ms even if fewer steps ran (default 2000). */
  budgetMs?: number;
  cache?: ProbeCache;
  /** Distinguishes machines sharing a cache (the host knows the CPU, GPU and platform). */
  machineKey?: string;
  now?: () => number;
  /** Told as each backend's timing starts and ends, so a UI can show the probe as it happens. */
  onProbe?: (event: ProbeEvent) => void;
}

/** One step of a fresh probe: a backend about to be timed, or its result (ms per training step). */
export type ProbeEvent =
  | { kind: 'timing'; backend: string; index: number; count: number }
  | { kind: 'timed'; probe: BackendProbe; msPerStep: number | null };

const defaultNow = (): number =>
  (globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now();

function syntheticBatch(model: LayersModel, batchSize: number, labels: ProbeLabels): [tf.Tensor, tf.Tensor] {
  const inShape = model.inputs[0]!.shape.slice(1) as number[];
  const outShape = model.outputs[0]!.shape.slice(1) as number[];
  const x = tf.randomNormal([batchSize, ...inShape]);
  const units = outShape[outShape.length - 1] ?? 1;
  if (labels === 'value') return [x, tf.randomNormal([batchSize, ...outShape])];
  const classes = tf.randomUniform([batchSize], 0, units, 'int32');
  if (labels === 'index') return [x, classes];
  const onehot = tf.oneHot(classes, units);
  classes.dispose();
  return [x, onehot];
}

interface HostWeights {
  values: tf.TypedArray;
  shape: number[];
  dtype: tf.DataType;
}

/**
 * The model's weights read out asynchronously. tfjs moves a tensor to another backend with a
 * synchronous read, which WebGPU in Node (Dawn) does not have ("OffscreenCanvas is not defined")
 * and which stalls a GPU elsewhere; so weights never move: each probe gets fresh copies.
 */
async function readWeights(model: LayersModel): Promise<HostWeights[]> {
  return Promise.all(
    model.getWeights().map(async (w) => ({ values: await w.data(), shape: w.shape, dtype: w.dtype })),
  );
}

/** Gives the model copies of `weights` created on the active backend. */
function placeWeights(model: LayersModel, weights: HostWeights[]): void {
  const tensors = weights.map((w) => tf.tensor(w.values, w.shape, w.dtype));
  model.setWeights(tensors);
  tf.dispose(tensors);
}

async function probeOne(
  backend: string,
  options: SelectOptions,
  weights: HostWeights[],
  now: () => number,
): Promise<BackendProbe> {
  try {
    if (!(await tf.setBackend(backend))) return { backend, ok: false, error: 'failed to initialise' };
  } catch (e) {
    return { backend, ok: false, error: `failed to initialise: ${(e as Error).message}` };
  }
  const { model, loss, batchSize } = options;
  try {
    placeWeights(model, weights);
  } catch (e) {
    return { backend, ok: false, error: `could not take the weights: ${(e as Error).message}` };
  }
  const [x, y] = syntheticBatch(model, batchSize, options.labels);
  const optimizer = tf.train.adam(1e-3);
  const step = (): tf.Scalar =>
    optimizer.minimize(() => loss(y, model.apply(x, { training: true }) as tf.Tensor), true) as tf.Scalar;
  try {
    // The first step also compiles shaders and grows memory pools; it is not timed.
    const first = tf.tidy(step);
    await first.data();
    first.dispose();
    const steps = options.steps ?? 3;
    const budget = options.budgetMs ?? 2000;
    const start = now();
    let done = 0;
    while (done < steps && (done === 0 || now() - start < budget)) {
      const lossValue = tf.tidy(step);
      // Reading the loss waits for asynchronous backends (webgl/webgpu) to finish the step.
      await lossValue.data();
      lossValue.dispose();
      done++;
    }
    const seconds = Math.max(now() - start, 1e-3) / 1000;
    return { backend, ok: true, samplesPerSec: (done * batchSize) / seconds };
  } catch (e) {
    return { backend, ok: false, error: (e as Error).message };
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
  }
}

function describeChoice(best: BackendProbe, probes: BackendProbe[]): string {
  const rate = (p: BackendProbe) => `${Math.round(p.samplesPerSec ?? 0).toLocaleString('en-US')} samples/s`;
  const others = probes
    .filter((p) => p !== best)
    .map((p) =>
      p.ok
        ? `${p.backend} ${rate(p)} (${((best.samplesPerSec ?? 0) / (p.samplesPerSec ?? 1)).toFixed(1)}× slower)`
        : `${p.backend} unusable: ${p.error}`,
    );
  return `${best.backend} is fastest at ${rate(best)}` + (others.length > 0 ? `; ${others.join('; ')}` : '');
}

/**
 * Probes each registered candidate backend with real training steps on the model (forward and
 * backward) and picks the fastest one that works. The model's weights and the active backend are
 * restored afterwards, so probing never changes what training will do.
 */
export async function selectBackend(options: SelectOptions): Promise<BackendChoice> {
  const registered = new Set(tf.engine().backendNames());
  const candidates = (options.candidates ?? DEFAULT_CANDIDATES).filter((b) => registered.has(b));
  const key = `${options.machineKey ?? 'this-machine'}|${candidates.join(',')}|${modelShapeKey(options.model, options.batchSize)}`;
  const cached = await options.cache?.get(key);
  if (cached !== undefined) return { ...cached, cached: true };

  const previousBackend = tf.getBackend();
  const weights = await readWeights(options.model);
  const probes: BackendProbe[] = [];
  try {
    for (const [index, backend] of candidates.entries()) {
      options.onProbe?.({ kind: 'timing', backend, index, count: candidates.length });
      const probe = await probeOne(backend, options, weights, options.now ?? defaultNow);
      probes.push(probe);
      const msPerStep =
        probe.ok && probe.samplesPerSec ? (options.batchSize * 1000) / probe.samplesPerSec : null;
      options.onProbe?.({ kind: 'timed', probe, msPerStep });
    }
  } finally {
    if (previousBackend !== undefined) await tf.setBackend(previousBackend);
    placeWeights(options.model, weights);
  }
  const working = probes.filter((p) => p.ok).sort((a, b) => (b.samplesPerSec ?? 0) - (a.samplesPerSec ?? 0));
  const best = working[0];
  if (best === undefined) {
    const errors = probes.map((p) => `${p.backend}: ${p.error}`).join('; ');
    return {
      chosen: 'cpu',
      reason: `no backend could train this model (${errors || 'none registered'})`,
      probes,
    };
  }
  const choice: BackendChoice = { chosen: best.backend, reason: describeChoice(best, probes), probes };
  await options.cache?.set(key, choice);
  return choice;
}
