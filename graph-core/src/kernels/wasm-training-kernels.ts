// tfjs-backend-wasm 4.22 can run a CNN forward but not train it: these are the gradient kernels it
// lacks, found by training conv / pooling / batch-norm / depthwise / embedding / LSTM models on
// wasm, plus replacements for kernels it has that are wrong or slow on the training path.
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';
import { conv2DBackpropInput } from './wasm-conv-input-grad';
import {
  conv2DBackpropFilter,
  depthwiseConv2dNativeBackpropFilter,
  depthwiseConv2dNativeBackpropInput,
} from './wasm-conv-grads';
import { makeFastGather, makeFastSlice, makeSharedIdentity, withoutTransposes } from './wasm-fast-paths';
import { ADAM_UPDATE_KERNEL, adamUpdate } from './wasm-adam';
import { withBatchedBias } from './wasm-fused-matmul';
import { maxPoolGrad } from './wasm-max-pool-grad';
import { makeBiasAdd, makeLeadingSum } from './wasm-bias-kernels';
import { unsortedSegmentSum } from './wasm-segment-sum';
import { withSmallConvFilterGrad } from './wasm-conv-small';
import { CROSSENTROPY_KERNELS, registerCrossentropyGradient } from './wasm-crossentropy';
import { METRIC_KERNELS } from './wasm-metrics';
import {
  FUSED_LAYER_KERNELS,
  registerFusedLayerGradients,
  withExplicitSamePadding,
} from './wasm-fused-layers';

const missing: ReadonlyArray<readonly [string, KernelFunc]> = [
  ['Conv2DBackpropFilter', withSmallConvFilterGrad(conv2DBackpropFilter as unknown as KernelFunc)],
  ['DepthwiseConv2dNativeBackpropFilter', depthwiseConv2dNativeBackpropFilter as unknown as KernelFunc],
  ['DepthwiseConv2dNativeBackpropInput', depthwiseConv2dNativeBackpropInput as unknown as KernelFunc],
  ['UnsortedSegmentSum', unsortedSegmentSum as unknown as KernelFunc],
  // Not a tfjs kernel: FusedAdamOptimizer (compile/fused-adam.ts) calls it when registered.
  [ADAM_UPDATE_KERNEL, adamUpdate as unknown as KernelFunc],
  // Not tfjs kernels: compile/fused-layers.ts runs Dense and Conv2D layers through them when registered.
  ...FUSED_LAYER_KERNELS,
  // Not tfjs kernels: compile/losses.ts computes categorical crossentropy with them when registered.
  ...CROSSENTROPY_KERNELS,
  // Not a tfjs kernel: train/tensors.ts counts a batch's correct predictions with it when registered.
  ...METRIC_KERNELS,
];

/** Kernels wasm has but computes wrongly or slowly; each replacement may wrap the original. */
const replacements: ReadonlyArray<readonly [string, (original: KernelConfig) => KernelFunc]> = [
  ['MaxPoolGrad', () => maxPoolGrad as unknown as KernelFunc],
  ['Conv2DBackpropInput', () => conv2DBackpropInput as unknown as KernelFunc],
  ['BatchMatMul', withoutTransposes],
  ['_FusedMatMul', (original) => withoutTransposes({ ...original, kernelFunc: withBatchedBias(original) })],
  ['Slice', makeFastSlice],
  ['GatherV2', makeFastGather],
  ['Sum', makeLeadingSum],
  ['Add', makeBiasAdd],
  ['Identity', makeSharedIdentity],
  ['Conv2D', withExplicitSamePadding],
  ['FusedConv2D', withExplicitSamePadding],
];

/** Names of the kernels {@link registerWasmTrainingKernels} adds or replaces. */
export const WASM_TRAINING_KERNELS: readonly string[] = [...missing, ...replacements].map(([name]) => name);

const installed = new WeakSet<KernelFunc>();

/**
 * Registers on the `wasm` backend the gradient kernels it lacks and the replacements above. Safe
 * to call more than once and before or after the backend is initialised; a missing kernel that
 * wasm already has (a later tfjs) is kept. Returns the names it registered in this call.
 */
export function registerWasmTrainingKernels(): string[] {
  const added: string[] = [];
  registerFusedLayerGradients();
  registerCrossentropyGradient();
  for (const [kernelName, kernelFunc] of missing) {
    if (getKernel(kernelName, 'wasm') !== undefined) continue;
    registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
    added.push(kernelName);
  }
  for (const [kernelName, replace] of replacements) {
    const original = getKernel(kernelName, 'wasm');
    if (original === undefined || installed.has(original.kernelFunc)) continue;
    const kernelFunc = replace(original);
    installed.add(kernelFunc);
    unregisterKernel(kernelName, 'wasm');
    // The original's setupFunc binds its C function when the backend starts; wrappers still call it.
    registerKernel({ kernelName, backendName: 'wasm', kernelFunc, setupFunc: original.setupFunc });
    added.push(kernelName);
  }
  return added;
}
