// One entry point for hosts (CLI, renderer, tests, bench) that want to train on wasm.
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../kernels/wasm-training-kernels';
import { useThreadedWasm, type ThreadedWasmSource } from './wasm-threads';

export interface WasmThreading {
  /** XNNPACK threads; 1 keeps tfjs's single-threaded SIMD build (see chooseWasmThreads). */
  threads: number;
  /** The threaded build's files, read by the host (nodePthreadWorkerUrl makes Node's worker URL). */
  source: ThreadedWasmSource;
}

/**
 * Makes the `wasm` backend trainable: registers the missing gradient kernels and, when given, tells
 * tfjs where the `.wasm` files are (a folder path in Node — relative paths resolve against the
 * process's working directory — or a URL prefix in a browser) and how many threads to run.
 * Call before `tf.setBackend('wasm')`; threading cannot change once wasm has started.
 */
export function prepareWasmBackend(wasmDir?: string, threading?: WasmThreading): void {
  if (wasmDir !== undefined) setWasmPaths(wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`);
  registerWasmTrainingKernels();
  if (threading !== undefined && threading.threads > 1) useThreadedWasm(threading.threads, threading.source);
}

/** Where `npm install` puts the .wasm files, relative to the repository root. */
export const NODE_WASM_DIR = 'node_modules/@tensorflow/tfjs-backend-wasm/dist/';
/** The threaded build's binary and its Emscripten glue (which each pthread worker loads), same root. */
export const NODE_THREADED_WASM = `${NODE_WASM_DIR}tfjs-backend-wasm-threaded-simd.wasm`;
export const NODE_THREADED_GLUE =
  'node_modules/@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
