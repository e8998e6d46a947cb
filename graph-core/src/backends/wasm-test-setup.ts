// Loads tfjs-backend-wasm in Node (vitest) from the package's own .wasm files, SIMD on; threaded
// when asked (an argument, or LAYERLOOM_WASM_THREADS=2 to run every wasm test on the shared heap).
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import {
  NODE_THREADED_GLUE,
  NODE_THREADED_WASM,
  NODE_WASM_DIR,
  prepareWasmBackend,
  type WasmThreading,
} from './wasm';
import { nodeThreadedSource } from './wasm-threads';

/**
 * Tests run only in Node; graph-core's sources may not import Node built-ins (they also run in
 * browsers), so the test helper borrows them from the running process.
 */
interface NodeProcess {
  env: Record<string, string | undefined>;
  cwd(): string;
  getBuiltinModule(id: 'node:fs'): { readFileSync(path: string): Uint8Array };
}
const nodeProcess = (globalThis as unknown as { process: NodeProcess }).process;

/** The threaded build read from node_modules, for `threads` XNNPACK threads. */
export function nodeTestThreading(threads: number): WasmThreading {
  // vitest runs from the repository root; the glue path must be absolute for the workers' require.
  const root = nodeProcess.cwd();
  const gluePath = `${root}/${NODE_THREADED_GLUE}`;
  const wasmBinary = nodeProcess.getBuiltinModule('node:fs').readFileSync(`${root}/${NODE_THREADED_WASM}`);
  return { threads, source: nodeThreadedSource(gluePath, wasmBinary) };
}

let ready: Promise<void> | undefined;

/** Starts wasm once per test file: threaded when LAYERLOOM_WASM_THREADS > 1 (no arguments: vitest fixtures pass one). */
export function initWasmForTests(): Promise<void> {
  return initWasmWithThreads(Number(nodeProcess.env['LAYERLOOM_WASM_THREADS'] ?? 1));
}

export function initWasmWithThreads(threads: number): Promise<void> {
  ready ??= (async () => {
    // vitest runs from the repository root, where NODE_WASM_DIR resolves.
    prepareWasmBackend(NODE_WASM_DIR, threads > 1 ? nodeTestThreading(threads) : undefined);
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

/**
 * A wasm result equals cpu's to 1e-4, relative above 1 (`what` names the tensor in the failure,
 * which gives the first element that differs).
 */
export function expectCloseToCpu(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  what = 'element',
): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tolerance = 1e-4 * Math.max(1, Math.abs(expected[i]!));
    if (!(Math.abs(actual[i]! - expected[i]!) <= tolerance))
      throw new Error(`${what}[${i}]: wasm ${actual[i]} vs cpu ${expected[i]}`);
  }
}
