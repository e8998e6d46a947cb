import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmForTests } from '../backends/wasm-test-setup';
import { loadDataForGraph, type DataIO } from '../data/pipeline';
import { trainModel } from '../train/loop';
import { compileGraph } from './index';
import { chainGraph, type LayerSpec } from './testGraphs';

const noFiles: DataIO = {
  readAsset: () => Promise.reject(new Error('no assets in this test')),
  readFile: () => Promise.reject(new Error('no files in this test')),
};

// Iris's four features as a 4-step sequence through an LSTM (all steps), a Bidirectional GRU (its
// backward half goes backwards) and a GRU (last step).
const layers: LayerSpec[] = [
  ['Reshape', { targetShape: [4, 1] }, 'r'],
  ['LSTM', { units: 3, returnSequences: true, recurrentActivation: 'sigmoid' }, 'lstm'],
  ['Bidirectional', { layer: 'GRU', units: 2, returnSequences: true }, 'bi'],
  ['GRU', { units: 3 }, 'gru'],
  ['Dense', { units: 3, activation: 'softmax' }, 'head'],
];

async function trainOn(backend: string) {
  await tf.setBackend(backend);
  const doc = chainGraph({
    dataset: { source: 'iris' },
    layers,
    optimizer: { optimizer: 'sgd', learningRate: 0.1, batchSize: 32, epochs: 2, seed: 5 },
  });
  const data = await loadDataForGraph(doc, noFiles);
  const compiled = compileGraph(doc, { featureShape: data.featureShape, task: data.task });
  const probe = tf.zeros([2, 4]);
  const profile = await tf.profile(() => tf.tidy(() => void compiled.model.predict(probe)));
  probe.dispose();
  const result = await trainModel({ compiled, data });
  const weights = compiled.model.getWeights().map((w) => Array.from(w.dataSync()));
  compiled.model.dispose();
  return { result, weights, kernelNames: profile.kernels.map((k) => k.name) };
}

describe('compiled LSTM and GRU layers on wasm', () => {
  beforeAll(initWasmForTests);

  it('train through the fused sequence op and end with the same weights and losses as cpu', async () => {
    const cpu = await trainOn('cpu');
    const wasm = await trainOn('wasm');
    // tfjs-layers' own cells run Sigmoid/Tanh kernels every step; the fused op runs none.
    expect(cpu.kernelNames.filter((n) => n === 'Tanh').length).toBeGreaterThan(4);
    expect(wasm.kernelNames).not.toContain('Tanh');
    expect(wasm.kernelNames).not.toContain('Sigmoid');
    expect(wasm.result.summary.status).toBe('completed');
    const losses = (r: typeof cpu) => r.result.history.map((h) => h.loss);
    losses(wasm).forEach((l, i) => expect(l).toBeCloseTo(losses(cpu)[i]!, 4));
    expect(wasm.weights.length).toBe(cpu.weights.length);
    wasm.weights.forEach((w, i) =>
      w.forEach((v, j) => expect(Math.abs(v - cpu.weights[i]![j]!)).toBeLessThan(1e-4)),
    );
  });
});
