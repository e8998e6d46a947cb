// Loads tfjs-backend-wasm in Node (vitest) from the package's own .wasm files, SIMD on.
import * as tf from '@tensorflow/tfjs';
import { NODE_WASM_DIR, prepareWasmBackend } from './wasm';

let ready: Promise<void> | undefined;

export function initWasmForTests(): Promise<void> {
  ready ??= (async () => {
    // vitest runs from the repository root, where NODE_WASM_DIR resolves.
    prepareWasmBackend(NODE_WASM_DIR);
    if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to initialise');
    await tf.setBackend('cpu');
  })();
  return ready;
}

/** Runs one kernel on the named backend from plain arrays and returns plain values. */
export async function runKernelOn(
  backend: string,
  kernelName: string,
  inputs: Record<string, { shape: number[]; values: number[]; dtype?: 'float32' | 'int32' }>,
  attrs: Record<string, unknown>,
): Promise<{ shape: number[]; values: Float32Array | Int32Array | Uint8Array }> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const named: Record<string, tf.Tensor> = {};
    for (const [name, t] of Object.entries(inputs))
      named[name] = tf.tensor(t.values, t.shape, t.dtype ?? 'float32');
    const out = tf.engine().runKernel(kernelName, named, attrs as tf.NamedAttrMap) as tf.Tensor;
    return { shape: out.shape, values: out.dataSync() as Float32Array | Int32Array | Uint8Array };
  });
}

export function randomValues(n: number, seed: number): number[] {
  // A fixed LCG keeps a failing property case reproducible from its seed alone.
  let s = seed >>> 0 || 1;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}
