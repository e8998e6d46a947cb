// tfjs-backend-wasm 4.22 can run a CNN forward but not train it: these are the gradient kernels it
// lacks, found by training conv / pooling / batch-norm / depthwise / embedding / LSTM models on wasm.
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs';
import type { KernelFunc } from '@tensorflow/tfjs';
import {
  conv2DBackpropFilter,
  depthwiseConv2dNativeBackpropFilter,
  depthwiseConv2dNativeBackpropInput,
} from './wasm-conv-grads';
import { maxPoolGrad } from './wasm-max-pool-grad';
import { unsortedSegmentSum } from './wasm-segment-sum';

const trainingKernels: ReadonlyArray<readonly [string, KernelFunc]> = [
  ['Conv2DBackpropFilter', conv2DBackpropFilter as unknown as KernelFunc],
  ['DepthwiseConv2dNativeBackpropFilter', depthwiseConv2dNativeBackpropFilter as unknown as KernelFunc],
  ['DepthwiseConv2dNativeBackpropInput', depthwiseConv2dNativeBackpropInput as unknown as KernelFunc],
  ['UnsortedSegmentSum', unsortedSegmentSum as unknown as KernelFunc],
];

/** Kernels wasm has but computes wrongly; replaced even when present. */
const corrections: ReadonlyArray<readonly [string, KernelFunc]> = [
  ['MaxPoolGrad', maxPoolGrad as unknown as KernelFunc],
];

/** Names of the kernels {@link registerWasmTrainingKernels} adds or replaces. */
export const WASM_TRAINING_KERNELS: readonly string[] = [...trainingKernels, ...corrections].map(
  ([name]) => name,
);

/**
 * Registers on the `wasm` backend the gradient kernels it lacks. Safe to call more than once and
 * before or after the backend is initialised; a missing kernel that wasm already has (a later
 * tfjs) is kept. Returns the names it registered in this call.
 */
export function registerWasmTrainingKernels(): string[] {
  const added: string[] = [];
  for (const [kernelName, kernelFunc] of trainingKernels) {
    if (getKernel(kernelName, 'wasm') !== undefined) continue;
    registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
    added.push(kernelName);
  }
  for (const [kernelName, kernelFunc] of corrections) {
    const current = getKernel(kernelName, 'wasm');
    if (current?.kernelFunc === kernelFunc) continue;
    if (current !== undefined) unregisterKernel(kernelName, 'wasm');
    registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
    added.push(kernelName);
  }
  return added;
}
