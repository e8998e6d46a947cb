// Probe results are worth keeping: a probe costs seconds, and the answer only changes with the
// machine or the model's shape. Hosts plug in storage (a JSON file, localStorage); tests use memory.
import type { LayersModel } from '@tensorflow/tfjs';

export interface BackendProbe {
  backend: string;
  ok: boolean;
  samplesPerSec?: number;
  error?: string;
}

export interface BackendChoice {
  chosen: string;
  reason: string;
  probes: BackendProbe[];
  /** True when the answer came from the cache rather than a fresh probe. */
  cached?: boolean;
}

/** The choice's reason as runs record it, saying when the answer was remembered, not measured now. */
export function choiceReason(choice: BackendChoice): string {
  return choice.cached === true ? `${choice.reason} (probed earlier on this machine)` : choice.reason;
}

/** Storage for probe results; may be synchronous or not. */
export interface ProbeCache {
  get(key: string): BackendChoice | undefined | Promise<BackendChoice | undefined>;
  set(key: string, choice: BackendChoice): void | Promise<void>;
}

export function memoryProbeCache(): ProbeCache & { readonly size: number } {
  const entries = new Map<string, BackendChoice>();
  return {
    get: (key) => entries.get(key),
    set: (key, choice) => void entries.set(key, choice),
    get size() {
      return entries.size;
    },
  };
}

/**
 * Identifies what decides the speed ranking: layer kinds and weight shapes, the sample shape and
 * the batch size — not layer names or weight values, so renaming a node keeps the cached answer.
 */
export function modelShapeKey(model: LayersModel, batchSize: number): string {
  const input = model.inputs.map((t) => t.shape.slice(1).join('x')).join(',');
  const layers = model.layers
    .map((layer) => `${layer.getClassName()}(${layer.weights.map((w) => w.shape.join('x')).join(',')})`)
    .join('>');
  return `b${batchSize}|in${input}|${layers}`;
}
