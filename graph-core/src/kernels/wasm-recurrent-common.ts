// Shared pieces of the fused recurrent kernels (wasm-lstm.ts, wasm-gru.ts): a whole sequence runs
// as a few XNNPACK matmuls on tfjs-backend-wasm's heap plus JavaScript loops over heap views, with
// no tfjs engine work per time step. Gate values follow tfjs-layers exactly (hardSigmoid is
// clip(0.2·z + 0.5, 0, 1), its gradient 0.2 inside the clip range).
import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs';
import { disposeInfos, runWasmKernel, transposeInfo, type WasmHeapAccess } from './wasm-kernel-calls';

/** Gate (recurrent) activations the fused kernels implement; anything else runs tfjs's layer. */
export type GateActivation = 'sigmoid' | 'hardSigmoid';
export const GATE_ACTIVATIONS: readonly string[] = ['sigmoid', 'hardSigmoid'];

export interface RecurrentAttrs {
  units: number;
  recurrentActivation: GateActivation;
  returnSequences: boolean;
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
export const hardSigmoid = (z: number): number => Math.min(1, Math.max(0, 0.2 * z + 0.5));

/** The gate function for `kind`. */
export function gateFunction(kind: GateActivation): (z: number) => number {
  return kind === 'sigmoid' ? sigmoid : hardSigmoid;
}

/**
 * d gate / dz from the gate's value a. For hardSigmoid, a strictly inside (0, 1) means z was inside
 * the clip range (tfjs's clipByValue passes the gradient there); a on the bounds means outside.
 */
export function gateDerivative(kind: GateActivation): (a: number) => number {
  return kind === 'sigmoid' ? (a) => a * (1 - a) : (a) => (a > 0 && a < 1 ? 0.2 : 0);
}

/** A float32 view of a tensor on the heap; views go stale when the heap grows, so take them anew after any kernel call. */
export function heapView(backend: KernelBackend, info: TensorInfo): Float32Array {
  return (backend as unknown as WasmHeapAccess<Float32Array>).typedArrayFromHeap(info);
}

export function makeZeros(backend: KernelBackend, shape: number[]): TensorInfo {
  const out = (backend as unknown as WasmHeapAccess<Float32Array>).makeOutput(shape, 'float32');
  heapView(backend, out).fill(0);
  return out;
}

export function makeBuffer(backend: KernelBackend, shape: number[]): TensorInfo {
  return (backend as unknown as WasmHeapAccess<Float32Array>).makeOutput(shape, 'float32');
}

/** The same data seen with another shape (no copy; the caller never frees the alias). */
export const as = (info: TensorInfo, shape: number[]): TensorInfo => ({ ...info, shape });

/** a·b (or aᵀ·b) on XNNPACK, both 2-D; the result is the caller's to free. */
export function matmul2d(
  backend: KernelBackend,
  a: TensorInfo,
  b: TensorInfo,
  transposeA = false,
): TensorInfo {
  if (!transposeA)
    return runWasmKernel(backend, 'BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
  // wasm's own transposed path is a naive loop; an explicit transpose then XNNPACK is 5–14× faster.
  const aT = transposeInfo(backend, a, [1, 0]);
  const out = runWasmKernel(backend, 'BatchMatMul', { a: aT, b }, { transposeA: false, transposeB: false });
  disposeInfos(backend, aT);
  return out;
}

/** Column sums of a [rows, cols] tensor (a bias gradient). */
export function columnSums(backend: KernelBackend, x: TensorInfo): TensorInfo {
  return runWasmKernel(backend, 'Sum', { x }, { axis: [0], keepDims: false });
}
