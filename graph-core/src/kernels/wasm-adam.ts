// tfjs's Adam runs ~12 kernels per variable per step (each with engine bookkeeping and a heap
// allocation), a quarter of a small model's training step on wasm. This kernel does the whole
// update of one variable in one SIMD pass over the wasm heap (wasm-adam-simd.ts).
import type { KernelBackend, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { adamSimdFor, wasmHeapOf, type AdamSimd } from './wasm-adam-simd';
import { heapOffset, type WasmHeapAccess } from './wasm-kernel-calls';

export const ADAM_UPDATE_KERNEL = 'LayerloomAdamUpdate';

/** Attributes of {@link ADAM_UPDATE_KERNEL}; `correction1/2` are 1 − β₁ᵗ and 1 − β₂ᵗ for this step. */
export interface AdamUpdateAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  correction1: number;
  correction2: number;
}

/** The SIMD update for this backend's heap, or null (then optimizers keep tfjs's own Adam). */
export function adamKernelFor(backend: KernelBackend): AdamSimd | null {
  const memory = wasmHeapOf(backend);
  return memory === undefined ? null : adamSimdFor(memory);
}

/**
 * Inputs `param`, `m`, `v`, `grad` (same shape, float32); outputs the new param, m and v:
 * m' = β₁m + (1−β₁)g, v' = β₂v + (1−β₂)g², param' = param − lr·(m'/c₁) / (√(v'/c₂) + ε).
 */
export function adamUpdate(args: {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
  attrs?: NamedAttrMap;
}): TensorInfo[] {
  const { inputs } = args;
  const attrs = args.attrs as unknown as AdamUpdateAttrs;
  const backend = args.backend as unknown as WasmHeapAccess<Float32Array>;
  const { param, m, v, grad } = inputs;
  if (param === undefined || m === undefined || v === undefined || grad === undefined)
    throw new Error(`${ADAM_UPDATE_KERNEL} needs param, m, v and grad`);
  const simd = adamKernelFor(args.backend);
  if (simd === null) throw new Error(`${ADAM_UPDATE_KERNEL} needs WebAssembly SIMD`);
  const outs = [param, m, v].map(() => backend.makeOutput(param.shape, 'float32'));
  const offset = (t: TensorInfo) => heapOffset(backend, t);
  const n = param.shape.reduce((a, b) => a * b, 1);
  const vectorised = n - (n % 4);
  const a = -attrs.learningRate / attrs.correction1;
  const s = 1 / attrs.correction2;
  const [b1, b2, eps] = [attrs.beta1, attrs.beta2, attrs.epsilon];
  const [oP, oM, oV] = outs.map(offset) as [number, number, number];
  simd(
    offset(param),
    offset(m),
    offset(v),
    offset(grad),
    oP,
    oM,
    oV,
    vectorised * 4,
    b1,
    b2,
    1 - b1,
    1 - b2,
    eps,
    a,
    s,
  );
  if (vectorised < n) {
    // The last few elements, same formula in JavaScript.
    const [p0, m0, v0, g] = [param, m, v, grad].map((t) => backend.typedArrayFromHeap(t));
    const [p1, m1, v1] = outs.map((t) => backend.typedArrayFromHeap(t));
    for (let i = vectorised; i < n; i++) {
      const gi = g![i]!;
      const mi = Math.fround(m0![i]! * b1 + gi * (1 - b1));
      const vi = Math.fround(v0![i]! * b2 + gi * gi * (1 - b2));
      m1![i] = mi;
      v1![i] = vi;
      p1![i] = p0![i]! + (a * mi) / (Math.sqrt(vi * s) + eps);
    }
  }
  return outs;
}
