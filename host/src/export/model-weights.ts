import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { NamedWeight } from '../../../graph-core/src/weights';
import { WeightsError } from '../../../graph-core/src/weights';

/**
 * Exports build models only to read or place their weights: with no backend started yet (a fresh
 * `layerloom export`) that is the cpu backend, at once. Without this the first tfjs op picked the
 * highest-priority registered backend, wasm, which needs an asynchronous start, and failed with
 * "backend 'wasm' has not yet been initialized". A backend already running (the app, a test that
 * trained first) is kept.
 */
export async function exportBackendReady(): Promise<void> {
  const engine = tf.engine() as unknown as { backendInstance: unknown };
  if (engine.backendInstance != null) return;
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend failed to start');
  // The cpu backend greets Node users once with advice to install tfjs-node, which Layerloom does not use.
  const cpu = tf.backend() as unknown as { firstUse?: boolean };
  if ('firstUse' in cpu) cpu.firstUse = false;
}

/**
 * A model's weights under the names tfjs gives them on save (`originalName`: `d1/kernel`, never the
 * `d1/kernel_1` a second model in the same process gets), in the model's order.
 */
export function weightsOfModel(model: LayersModel): NamedWeight[] {
  return model.weights.map((w) => ({
    name: w.originalName,
    shape: [...w.shape] as number[],
    data: Float32Array.from(w.read().dataSync()),
  }));
}

/**
 * Puts named weights into a model built from the same graph. Every model weight must be given,
 * with its shape; a weight the model does not have is refused too, so a run folder whose weights
 * belong to another graph fails here instead of exporting a mix.
 */
export function setModelWeights(model: LayersModel, weights: readonly NamedWeight[]): void {
  const byName = new Map(weights.map((w) => [w.name, w]));
  const used = new Set<string>();
  const values = model.weights.map((v) => {
    const w = byName.get(v.originalName);
    if (!w) throw new WeightsError(`the weights have no "${v.originalName}" (shape [${v.shape.join(', ')}])`);
    if (w.shape.length !== v.shape.length || w.shape.some((d, i) => d !== v.shape[i]))
      throw new WeightsError(
        `weight "${w.name}" has shape [${w.shape.join(', ')}] but the graph needs [${v.shape.join(', ')}]`,
      );
    used.add(w.name);
    return { variable: v, data: w.data };
  });
  const extra = weights.filter((w) => !used.has(w.name)).map((w) => w.name);
  if (extra.length > 0)
    throw new WeightsError(`the graph has no weight named ${extra.map((n) => `"${n}"`).join(', ')}`);
  tf.tidy(() => {
    for (const { variable, data } of values)
      variable.write(tf.tensor(data, variable.shape as number[], 'float32'));
  });
}
