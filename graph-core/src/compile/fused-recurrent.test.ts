import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmForTests } from '../backends/wasm-test-setup';
import { expectSameTraining, trainIrisOn } from './fused-testkit';
import type { LayerSpec } from './testGraphs';

// Iris's four features as a 4-step sequence through an LSTM (all steps), a Bidirectional GRU (its
// backward half goes backwards) and a GRU (last step).
const layers: LayerSpec[] = [
  ['Reshape', { targetShape: [4, 1] }, 'r'],
  ['LSTM', { units: 3, returnSequences: true, recurrentActivation: 'sigmoid' }, 'lstm'],
  ['Bidirectional', { layer: 'GRU', units: 2, returnSequences: true }, 'bi'],
  ['GRU', { units: 3 }, 'gru'],
  ['Dense', { units: 3, activation: 'softmax' }, 'head'],
];

const trainOn = (backend: string) =>
  trainIrisOn(
    backend,
    layers,
    { optimizer: 'sgd', learningRate: 0.1, batchSize: 32, epochs: 2, seed: 5 },
    (compiled, probe) => void compiled.model.predict(probe),
  );

describe('compiled LSTM and GRU layers on wasm', () => {
  beforeAll(initWasmForTests);

  it('train through the fused sequence op and end with the same weights and losses as cpu', async () => {
    const cpu = await trainOn('cpu');
    const wasm = await trainOn('wasm');
    // tfjs-layers' own cells run Sigmoid/Tanh kernels every step; the fused op runs none.
    expect(cpu.kernelNames.filter((n) => n === 'Tanh').length).toBeGreaterThan(4);
    expect(wasm.kernelNames).not.toContain('Tanh');
    expect(wasm.kernelNames).not.toContain('Sigmoid');
    expectSameTraining(wasm, cpu);
  });
});
