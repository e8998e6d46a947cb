import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { expectCloseToCpu, initWasmForTests, randomValues } from '../backends/wasm-test-setup';
import { fuseRecurrentOnWasm } from '../compile/fused-recurrent';
import { fastTanh } from './wasm-recurrent-common';
import { setRecurrentSimd, simdTanhModule } from './wasm-recurrent-steps';
import { instantiateOnHeap, type WasmMemory } from './wasm-adam-simd';

interface Case {
  kind: 'LSTM' | 'GRU';
  batch: number;
  steps: number;
  features: number;
  units: number;
  returnSequences: boolean;
  useBias: boolean;
  recurrentActivation: 'sigmoid' | 'hardSigmoid';
  goBackwards: boolean;
  seed: number;
}

interface Result {
  output: Float32Array;
  grads: Float32Array[];
  kernels: number;
}

function makeLayer(c: Case, activation: 'tanh' | 'relu'): tf.layers.Layer {
  const args = {
    units: c.units,
    returnSequences: c.returnSequences,
    useBias: c.useBias,
    recurrentActivation: c.recurrentActivation,
    goBackwards: c.goBackwards,
    activation,
  };
  return c.kind === 'LSTM' ? tf.layers.lstm(args) : tf.layers.gru(args);
}

/** Output and the gradients of Σ output·w with respect to x, kernel, recurrent kernel (and bias). */
async function run(
  backend: string,
  c: Case,
  fused: boolean,
  activation: 'tanh' | 'relu' = 'tanh',
): Promise<Result> {
  await tf.setBackend(backend);
  const layer = makeLayer(c, activation);
  if (fused) fuseRecurrentOnWasm(layer, c.kind);
  const shape = [c.batch, c.steps, c.features];
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  try {
    return tf.tidy(() => {
      layer.apply(tf.zeros(shape));
      layer.setWeights(
        layer.getWeights().map((w, i) => tf.tensor(randomValues(w.size, c.seed + 7 * i + 1), w.shape)),
      );
      const x = tf.variable(tf.tensor(randomValues(size(shape), c.seed), shape));
      const outShape = c.returnSequences ? [c.batch, c.steps, c.units] : [c.batch, c.units];
      const w = tf.tensor(randomValues(size(outShape), c.seed + 99), outShape);
      const vars = [x, ...layer.trainableWeights.map((v) => v.read() as tf.Variable)];
      const output = (layer.apply(x) as tf.Tensor).dataSync() as Float32Array;
      const { grads } = tf.variableGrads(
        () => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, w)) as tf.Scalar,
        vars,
      );
      const kernels = countForwardKernels(layer, x);
      const ordered = vars.map((v) => grads[v.name]!.dataSync() as Float32Array);
      x.dispose();
      return { output, grads: ordered, kernels };
    });
  } finally {
    layer.dispose();
  }
}

function countForwardKernels(layer: tf.layers.Layer, x: tf.Tensor): number {
  const engine = tf.engine() as unknown as { state: { activeProfile: unknown; profiling: boolean } };
  const previous = engine.state.profiling;
  engine.state.profiling = true;
  const profile = { kernels: [] as unknown[], newBytes: 0, newTensors: 0, peakBytes: 0, result: null };
  engine.state.activeProfile = profile;
  tf.tidy(() => void layer.apply(x));
  engine.state.profiling = previous;
  return profile.kernels.length;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  kind: fc.constantFrom<'LSTM' | 'GRU'>('LSTM', 'GRU'),
  batch: fc.integer({ min: 1, max: 3 }),
  // tfjs-layers' own gradient fails for one time step (its stack gradient gets no tensors).
  steps: fc.integer({ min: 2, max: 6 }),
  features: fc.integer({ min: 1, max: 4 }),
  // 1–3 units run the JavaScript mirror alone; 4–9 the SIMD kernels plus the mirror for the tail.
  units: fc.integer({ min: 1, max: 9 }),
  returnSequences: fc.boolean(),
  useBias: fc.boolean(),
  recurrentActivation: fc.constantFrom<'sigmoid' | 'hardSigmoid'>('sigmoid', 'hardSigmoid'),
  goBackwards: fc.boolean(),
  seed: fc.nat(),
});

describe('fused LSTM/GRU sequence on wasm', () => {
  beforeAll(initWasmForTests);

  it('approximates tanh within 3e-7 everywhere (the activations of the fused loops)', () => {
    let worst = 0;
    for (let x = -20; x <= 20; x += 1e-3) worst = Math.max(worst, Math.abs(fastTanh(x) - Math.tanh(x)));
    expect(worst).toBeLessThan(3e-7);
    expect(fastTanh(0)).toBe(0);
    expect(fastTanh(-1e-5)).toBe(-1e-5);
  });

  it('tanh in the SIMD step kernels is within 3e-7 of Math.tanh everywhere', () => {
    const api = (
      globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number }) => WasmMemory } }
    ).WebAssembly;
    const memory = new api.Memory({ initial: 8 });
    const { tanh4 } = instantiateOnHeap(memory, simdTanhModule) as {
      tanh4: (src: number, dst: number, bytes: number) => void;
    };
    const n = 40_000;
    const src = new Float32Array(memory.buffer, 0, n);
    const dst = new Float32Array(memory.buffer, 4 * n, n);
    for (let i = 0; i < n; i++) src[i] = -20 + i * 1e-3;
    src[0] = 0;
    src[1] = -1e-5;
    tanh4(0, 4 * n, 4 * n);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(dst[i]! - Math.tanh(src[i]!)));
    expect(worst).toBeLessThan(3e-7);
    expect(Math.abs(dst[1]! + 1e-5)).toBeLessThan(1e-11);
  });

  it.each([
    ['SIMD step kernels (JavaScript for the units past a multiple of 4)', true],
    ['the JavaScript step kernels alone', false],
  ])(
    'matches tfjs-layers on cpu to 1e-4 with %s: outputs and gradients of x, kernels and bias',
    async (_, simd) => {
      const previous = setRecurrentSimd(simd);
      try {
        await fc.assert(
          fc.asyncProperty(caseArb, async (c) => {
            const cpu = await run('cpu', c, false);
            const wasm = await run('wasm', c, true);
            // The fused op (plus a Reverse when going backwards), never the per-step cell.
            expect(wasm.kernels).toBe(c.goBackwards ? 2 : 1);
            expectCloseToCpu(wasm.output, cpu.output, `${c.kind} output`);
            expect(wasm.grads.length).toBe(cpu.grads.length);
            const names = ['dx', 'dKernel', 'dRecurrent', 'dBias'];
            wasm.grads.forEach((g, i) => expectCloseToCpu(g, cpu.grads[i]!, `${c.kind} ${names[i]}`));
          }),
          { numRuns: 40 },
        );
      } finally {
        setRecurrentSimd(previous);
      }
    },
  );

  it('runs the whole sequence as one engine call on wasm, where tfjs-layers runs dozens per step', async () => {
    const c: Case = {
      kind: 'LSTM',
      batch: 2,
      steps: 5,
      features: 3,
      units: 4,
      returnSequences: true,
      useBias: true,
      recurrentActivation: 'hardSigmoid',
      goBackwards: false,
      seed: 3,
    };
    const plain = await run('wasm', c, false);
    const fused = await run('wasm', c, true);
    expect(fused.kernels).toBe(1);
    expect(plain.kernels).toBeGreaterThan(5 * c.steps);
    const gru = await run('wasm', { ...c, kind: 'GRU' }, true);
    expect(gru.kernels).toBe(1);
  });

  it('leaves what it does not implement (a relu cell activation) to the layer, with the same numbers as cpu', async () => {
    const c: Case = {
      kind: 'GRU',
      batch: 2,
      steps: 4,
      features: 2,
      units: 3,
      returnSequences: false,
      useBias: true,
      recurrentActivation: 'sigmoid',
      goBackwards: false,
      seed: 11,
    };
    const cpu = await run('cpu', c, false, 'relu');
    const wasm = await run('wasm', c, true, 'relu');
    expect(wasm.kernels).toBeGreaterThan(c.steps);
    expectCloseToCpu(wasm.output, cpu.output, 'relu output');
    wasm.grads.forEach((g, i) => expectCloseToCpu(g, cpu.grads[i]!, `relu grad ${i}`));
  });

  it('leaves no tensors or heap buffers behind after inference and after a training step', async () => {
    await tf.setBackend('wasm');
    for (const kind of ['LSTM', 'GRU'] as const) {
      const layer = fuseRecurrentOnWasm(
        kind === 'LSTM' ? tf.layers.lstm({ units: 4, returnSequences: true }) : tf.layers.gru({ units: 4 }),
        kind,
      );
      const x = tf.variable(tf.tensor(randomValues(2 * 5 * 3, 9), [2, 5, 3]));
      tf.tidy(() => void layer.apply(x)); // builds the weights
      const optimizer = tf.train.sgd(0.1);
      const counts = () => [tf.memory().numTensors, tf.backend().numDataIds()];
      const step = () => optimizer.minimize(() => tf.sum(layer.apply(x) as tf.Tensor) as tf.Scalar);
      step(); // the optimizer's first step allocates its own state (as with tfjs's own cells)
      const before = counts();
      tf.tidy(() => void (layer.apply(x) as tf.Tensor).dataSync());
      expect(counts(), `${kind} inference`).toEqual(before);
      step();
      step();
      expect(counts(), `${kind} training steps`).toEqual(before);
      optimizer.dispose();
      x.dispose();
      layer.dispose();
    }
  });
});
