import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { choiceReason, memoryProbeCache, modelShapeKey, selectBackend, type SelectOptions } from './select';
import { initWasmForTests } from './wasm-test-setup';
import { registerWasmTrainingKernels } from '../kernels/wasm-training-kernels';

function cnn(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3 }),
    ],
  });
}

const softmaxLoss = (y: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p) as tf.Scalar;

function options(model: tf.LayersModel, extra: Partial<SelectOptions> = {}): SelectOptions {
  return {
    model,
    loss: softmaxLoss,
    labels: 'onehot',
    batchSize: 8,
    candidates: ['wasm', 'cpu'],
    steps: 2,
    ...extra,
  };
}

/** A clock the test controls: each backend "takes" the given ms per call to now(). */
function fakeClock(msPerTick: Record<string, number>): () => number {
  let t = 0;
  return () => (t += msPerTick[tf.getBackend()] ?? 1);
}

/**
 * The cpu backend under another name, except that its tensors cannot be read synchronously while
 * another backend is active — as with tfjs-webgpu in Node, where tfjs's move of a tensor to another
 * backend (a synchronous read) throws "OffscreenCanvas is not defined".
 */
function registerNoSyncBackend(): void {
  if (tf.findBackendFactory('nosync') !== null) return;
  const Cpu = tf.findBackend('cpu')!.constructor as new () => tf.KernelBackend;
  class NoSyncReads extends Cpu {
    override readSync(dataId: object) {
      if (tf.getBackend() !== 'nosync') throw new Error('no synchronous reads from another backend');
      return super.readSync(dataId);
    }
    override read(dataId: object) {
      if (tf.getBackend() !== 'nosync')
        return Promise.reject(new Error('read while another backend is active'));
      return super.read(dataId);
    }
  }
  tf.registerBackend('nosync', () => new NoSyncReads(), 0);
  for (const kernel of tf.getKernelsForBackend('cpu'))
    tf.registerKernel({ ...kernel, backendName: 'nosync' });
}

describe('selectBackend', () => {
  beforeAll(initWasmForTests);
  afterEach(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('cpu');
  });

  it('tells each backend before it is timed, then its ms per step, in order', async () => {
    const model = cnn();
    const events: string[] = [];
    // cpu takes 10 ms per clock read: 2 timed steps read the clock 3 times → 20 ms for 2 steps of 8.
    await selectBackend(
      options(model, {
        candidates: ['cpu'],
        now: fakeClock({ cpu: 10 }),
        onProbe: (e) =>
          events.push(
            e.kind === 'timing'
              ? `timing ${e.backend} ${e.index + 1}/${e.count}`
              : `timed ${e.probe.backend} ${e.msPerStep?.toFixed(1)}`,
          ),
      }),
    );
    model.dispose();
    expect(events).toEqual(['timing cpu 1/1', 'timed cpu 10.0']);
  });

  it('picks the backend with the most samples per second and reports every probe', async () => {
    const model = cnn();
    const choice = await selectBackend(options(model, { now: fakeClock({ wasm: 10, cpu: 100 }) }));
    expect(choice.chosen).toBe('wasm');
    expect(choice.probes.map((p) => [p.backend, p.ok])).toEqual([
      ['wasm', true],
      ['cpu', true],
    ]);
    const [wasm, cpu] = choice.probes;
    expect(wasm!.samplesPerSec!).toBeGreaterThan(cpu!.samplesPerSec!);
    expect(choice.reason).toMatch(
      /^wasm is fastest at [\d,]+ samples\/s; cpu [\d,]+ samples\/s \(10\.0× slower\)$/,
    );
  });

  it('rules out a backend that lacks a gradient kernel, naming the kernel', async () => {
    tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
    const choice = await selectBackend(options(cnn(), { now: fakeClock({ wasm: 1, cpu: 100 }) }));
    expect(choice.chosen).toBe('cpu');
    const wasm = choice.probes.find((p) => p.backend === 'wasm')!;
    expect(wasm.ok).toBe(false);
    expect(wasm.error).toMatch(/Conv2DBackpropFilter.*not registered/);
    expect(choice.reason).toContain('wasm unusable');
  });

  it('leaves the weights, the active backend and the tensor count as they were', async () => {
    const model = cnn();
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const tensors = tf.memory().numTensors;
    await selectBackend(options(model));
    expect(tf.getBackend()).toBe('cpu');
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('probes after a backend whose tensors cannot be read synchronously from elsewhere (WebGPU in Node)', async () => {
    registerNoSyncBackend();
    const model = cnn();
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const choice = await selectBackend(options(model, { candidates: ['nosync', 'cpu'] }));
    expect(choice.probes.map((p) => [p.backend, p.ok, p.error])).toEqual([
      ['nosync', true, undefined],
      ['cpu', true, undefined],
    ]);
    expect(tf.getBackend()).toBe('cpu');
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
  });

  it('answers from the cache for a model of the same shape on the same machine', async () => {
    const cache = memoryProbeCache();
    const first = await selectBackend(options(cnn(), { cache, machineKey: 'm1' }));
    const second = await selectBackend(options(cnn(), { cache, machineKey: 'm1' }));
    expect(second).toEqual({ ...first, cached: true });
    expect(choiceReason(first)).toBe(first.reason);
    expect(choiceReason(second)).toBe(`${first.reason} (probed earlier on this machine)`);
    const otherMachine = await selectBackend(options(cnn(), { cache, machineKey: 'm2' }));
    expect(otherMachine.cached).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('accepts sparse class-index labels and skips unregistered candidates', async () => {
    const sparse = (y: tf.Tensor, p: tf.Tensor) =>
      tf.losses.softmaxCrossEntropy(tf.oneHot(y as tf.Tensor1D, 3), p) as tf.Scalar;
    const choice = await selectBackend(
      options(cnn(), { loss: sparse, labels: 'index', candidates: ['no-such-backend', 'cpu'] }),
    );
    expect(choice.probes.map((p) => p.backend)).toEqual(['cpu']);
    expect(choice.chosen).toBe('cpu');
  });
});

describe('modelShapeKey', () => {
  it('ignores names and weight values but not shapes or batch size', () => {
    const a = cnn();
    const b = cnn();
    expect(modelShapeKey(a, 32)).toBe(modelShapeKey(b, 32));
    expect(modelShapeKey(a, 32)).not.toBe(modelShapeKey(a, 64));
    const wider = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 5 })] });
    const narrower = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 6 })] });
    expect(modelShapeKey(wider, 8)).not.toBe(modelShapeKey(narrower, 8));
  });
});
