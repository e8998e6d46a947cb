// One entry point for hosts (CLI, renderer, tests, bench) that want to train on wasm.
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './wasm-training-kernels';

/**
 * Makes the `wasm` backend trainable: registers the missing gradient kernels and, when given, tells
 * tfjs where the `.wasm` files are (a folder path in Node — relative paths resolve against the
 * process's working directory — or a URL prefix in a browser). Call before `tf.setBackend('wasm')`.
 */
export function prepareWasmBackend(wasmDir?: string): void {
  if (wasmDir !== undefined) setWasmPaths(wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`);
  registerWasmTrainingKernels();
}

/** Where `npm install` puts the .wasm files, relative to the repository root. */
export const NODE_WASM_DIR = 'node_modules/@tensorflow/tfjs-backend-wasm/dist/';
