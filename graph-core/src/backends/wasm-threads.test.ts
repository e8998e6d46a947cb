import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { adamKernelFor, ADAM_UPDATE_KERNEL } from '../kernels/wasm-adam';
import { adamSimdFor, isSharedHeap, wasmHeapOf, type WasmMemory } from '../kernels/wasm-adam-simd';
import { simdKernelsFor, simdKernelsModule, simdKernelsOf } from '../kernels/wasm-simd-kernels';
import { initWasmWithThreads, randomValues } from './wasm-test-setup';
import { chooseWasmThreads, wasmThreadsFailure, wasmThreadsInUse } from './wasm-threads';

interface MemoryApi {
  Memory: new (desc: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => object;
}
const wasm = (globalThis as unknown as { WebAssembly: MemoryApi }).WebAssembly;
/** The threaded build's heap: shared, growing to 4 GiB. */
const sharedHeap = () => new wasm.Memory({ initial: 2, maximum: 65536, shared: true });

describe('choosing the wasm thread count', () => {
  it.each([
    { cores: 1, requested: undefined, threads: 1 },
    { cores: 2, requested: undefined, threads: 2 },
    { cores: 16, requested: undefined, threads: 4 },
    { cores: 16, requested: '1', threads: 1 },
    { cores: 2, requested: 3, threads: 3 },
    { cores: 2, requested: '', threads: 2 },
    { cores: 2, requested: 'two', threads: 2 },
    { cores: 2, requested: '0', threads: 2 },
    { cores: 2, requested: 1.5, threads: 2 },
  ])('$cores cores, asked $requested → $threads', ({ cores, requested, threads }) => {
    expect(chooseWasmThreads(cores, requested)).toBe(threads);
  });
});

describe('SIMD kernel modules on a shared heap', () => {
  it('instantiate against a shared memory, which a module importing unshared memory cannot', () => {
    const memory = sharedHeap();
    expect(isSharedHeap(memory)).toBe(true);
    expect(() => new wasm.Instance(new wasm.Module(simdKernelsModule(false)), { env: { memory } })).toThrow();
    expect(simdKernelsFor(memory)).not.toBeNull();
    expect(adamSimdFor(memory)).not.toBeNull();
  });

  it('compute the same Adam update on a shared heap as on an unshared one', () => {
    const n = 12; // three lane groups (the scalar tail is JavaScript's, in the kernel)
    const run = (memory: WasmMemory) => {
      const heap = new Float32Array(memory.buffer, 0, 7 * n);
      // p, m, v (a second moment: never negative), g
      heap.set(randomValues(4 * n, 7).map((x, i) => (i >= 2 * n && i < 3 * n ? Math.abs(x) : x)));
      const bytes = 4 * n;
      adamSimdFor(memory)!(
        0,
        bytes,
        2 * bytes,
        3 * bytes,
        4 * bytes,
        5 * bytes,
        6 * bytes,
        bytes,
        0.9,
        0.999,
        0.1,
        0.001,
        1e-7,
        -0.01,
        1 / 0.002,
      );
      return Array.from(heap.slice(4 * n));
    };
    const unshared = new wasm.Memory({ initial: 2 });
    const shared = run(sharedHeap());
    expect(shared.every(Number.isFinite)).toBe(true);
    expect(shared).toEqual(run(unshared));
  });
});

describe('tfjs-wasm with two XNNPACK threads (threaded build in Node)', () => {
  beforeAll(async () => {
    await initWasmWithThreads(2);
    await tf.setBackend('wasm');
  });

  it('starts with two threads and our kernels bound to its shared heap', () => {
    expect(wasmThreadsFailure()).toBeNull();
    expect(wasmThreadsInUse()).toBe(2);
    const heap = wasmHeapOf(tf.backend());
    expect(heap !== undefined && isSharedHeap(heap)).toBe(true);
    expect(simdKernelsOf(tf.backend())).not.toBeNull();
    expect(adamKernelFor(tf.backend())).not.toBeNull();
  });

  it('computes a conv net’s gradients as cpu does', async () => {
    const loss = (...[x, w, b]: tf.Tensor[]) =>
      tf
        .maxPool(
          tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'), b!)) as tf.Tensor4D,
          2,
          2,
          'valid',
        )
        .square()
        .sum();
    const gradsOn = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const x = tf.tensor4d(randomValues(16 * 12 * 12 * 4, 1), [16, 12, 12, 4]);
        const w = tf.tensor4d(randomValues(3 * 3 * 4 * 8, 2), [3, 3, 4, 8]);
        const b = tf.tensor1d(randomValues(8, 3));
        return tf
          .grads(loss)([x, w, b])
          .map((g) => Array.from(g.dataSync()));
      });
    };
    const cpu = await gradsOn('cpu');
    const threaded = await gradsOn('wasm');
    cpu.forEach((expected, i) =>
      expected.forEach((v, j) =>
        expect(Math.abs(threaded[i]![j]! - v)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(v))),
      ),
    );
  });

  it('runs the fused Adam update on the shared heap', async () => {
    await tf.setBackend('wasm');
    const n = 37;
    const [p, m, v, g] = [1, 2, 3, 4].map((seed) =>
      randomValues(n, seed).map((x) => (seed === 3 ? Math.abs(x) : x)),
    );
    const attrs = {
      learningRate: 0.01,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
      correction1: 0.1,
      correction2: 0.001,
    };
    const outs = tf.tidy(() =>
      (
        tf
          .engine()
          .runKernel(
            ADAM_UPDATE_KERNEL,
            { param: tf.tensor1d(p!), m: tf.tensor1d(m!), v: tf.tensor1d(v!), grad: tf.tensor1d(g!) },
            attrs,
          ) as tf.Tensor[]
      ).map((t) => Array.from(t.dataSync())),
    );
    for (let i = 0; i < n; i++) {
      const m1 = 0.9 * m![i]! + 0.1 * g![i]!;
      const v1 = 0.999 * v![i]! + 0.001 * g![i]! ** 2;
      const p1 = p![i]! - (0.01 * (m1 / 0.1)) / (Math.sqrt(v1 / 0.001) + 1e-7);
      expect(outs[0]![i]).toBeCloseTo(p1, 4);
      expect(outs[1]![i]).toBeCloseTo(m1, 5);
      expect(outs[2]![i]).toBeCloseTo(v1, 5);
    }
  });
});
