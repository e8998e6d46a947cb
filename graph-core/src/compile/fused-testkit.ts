// Test-only: train one Iris graph on cpu and on wasm and check the fused wasm path agrees. Used by
// fused-layers.test.ts and fused-recurrent.test.ts; nothing in the app imports this.
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { JsonValue } from '../document/types';
import { loadDataForGraph, type DataIO } from '../data/pipeline';
import { trainModel } from '../train/loop';
import type { CompiledGraph } from './types';
import { compileGraph } from './index';
import { chainGraph, type LayerSpec } from './testGraphs';

const noFiles: DataIO = {
  readAsset: () => Promise.reject(new Error('no assets in this test')),
  readFile: () => Promise.reject(new Error('no files in this test')),
};

export type Trained = Awaited<ReturnType<typeof trainIrisOn>>;

/**
 * Iris through `layers` on one backend: the kernels `profiled` runs on a [2, 4] probe (profiled
 * before training), the training result and the weights after it.
 */
export async function trainIrisOn(
  backend: string,
  layers: LayerSpec[],
  optimizer: Record<string, JsonValue>,
  profiled: (compiled: CompiledGraph, probe: tf.Tensor) => void,
) {
  await tf.setBackend(backend);
  const doc = chainGraph({ dataset: { source: 'iris' }, layers, optimizer });
  const data = await loadDataForGraph(doc, noFiles);
  const compiled = compileGraph(doc, { featureShape: data.featureShape, task: data.task });
  const probe = tf.zeros([2, 4]);
  const profile = await tf.profile(() => tf.tidy(() => profiled(compiled, probe)));
  probe.dispose();
  const result = await trainModel({ compiled, data });
  const weights = compiled.model.getWeights().map((w) => Array.from(w.dataSync()));
  compiled.model.dispose();
  return { result, weights, kernelNames: profile.kernels.map((k) => k.name) };
}

/** The wasm run completed with cpu's losses (4 decimals) and weights (1e-4). */
export function expectSameTraining(wasm: Trained, cpu: Trained): void {
  expect(wasm.result.summary.status).toBe('completed');
  const losses = (r: Trained) => r.result.history.map((h) => h.loss);
  losses(wasm).forEach((l, i) => expect(l).toBeCloseTo(losses(cpu)[i]!, 4));
  expect(wasm.weights.length).toBe(cpu.weights.length);
  wasm.weights.forEach((w, i) =>
    w.forEach((v, j) => expect(Math.abs(v - cpu.weights[i]![j]!)).toBeLessThan(1e-4)),
  );
}
