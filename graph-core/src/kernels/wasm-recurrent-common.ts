// Shared pieces of the fused recurrent kernels (wasm-lstm.ts, wasm-gru.ts): a whole sequence runs
// as a few XNNPACK matmuls on tfjs-backend-wasm's heap plus one SIMD step kernel call per time step
// each way (wasm-recurrent-steps.ts), with no tfjs engine work per time step. Gate values follow tfjs-layers exactly (hardSigmoid is
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

/**
 * Eigen's float32 tanh: x·P(x²)/Q(x²) on x clamped to ±TANH_CLAMP, P of degree 6 in x² (odd degree
 * 13 in x) and Q of degree 3 (even degree 6), highest power first. {@link fastTanh} and the SIMD step
 * kernels (wasm-recurrent-steps.ts) both evaluate these numbers.
 */
export const TANH_CLAMP = 7.90531110763549805;
export const TANH_P = [
  -2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11, 5.12229709037114e-8,
  1.48572235717979e-5, 6.37261928875436e-4, 4.89352455891786e-3,
] as const;
export const TANH_Q = [
  1.19825839466702e-6, 1.18534705686654e-4, 2.268434632439e-3, 4.89352518554385e-3,
] as const;
const [P0, P1, P2, P3, P4, P5, P6] = TANH_P;
const [Q0, Q1, Q2, Q3] = TANH_Q;

/**
 * tanh as the rational approximation above, within 2.7e-7 of Math.tanh everywhere and ~4× cheaper:
 * V8's Math.tanh is a call into C, this inlines. The JavaScript mirror of the step kernels uses it.
 */
export function fastTanh(x: number): number {
  const c = x > TANH_CLAMP ? TANH_CLAMP : x < -TANH_CLAMP ? -TANH_CLAMP : x;
  if (Math.abs(c) < 0.0004) return c;
  const x2 = c * c;
  const p = (((((P0 * x2 + P1) * x2 + P2) * x2 + P3) * x2 + P4) * x2 + P5) * x2 + P6;
  const q = ((Q0 * x2 + Q1) * x2 + Q2) * x2 + Q3;
  return (p * c) / q;
}

/** Codes of the gate activations the step kernels are specialised to. */
export const HARD_SIGMOID = 0;
export const SIGMOID = 1;
export type ActivationCode = typeof HARD_SIGMOID | typeof SIGMOID;

export const gateCode = (kind: GateActivation): ActivationCode =>
  kind === 'sigmoid' ? SIGMOID : HARD_SIGMOID;

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

/** a·b on XNNPACK, both 2-D; the result is the caller's to free. */
export function matmul2d(backend: KernelBackend, a: TensorInfo, b: TensorInfo): TensorInfo {
  return runWasmKernel(backend, 'BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
}

/** Column sums of a [rows, cols] tensor (a bias gradient). */
export function columnSums(backend: KernelBackend, x: TensorInfo): TensorInfo {
  return runWasmKernel(backend, 'Sum', { x }, { axis: [0], keepDims: false });
}

/** What the fused backward passes return: gradients of x, the kernel, the recurrent kernel and the bias. */
export interface RecurrentGrads {
  dx: TensorInfo;
  dKernel: TensorInfo;
  dRecurrent: TensorInfo;
  dBias: TensorInfo | null;
}

/** The sizes every fused sequence works with: x [batch, steps, inDim], H units, G = gates·H columns. */
export interface SequenceShape {
  batch: number;
  steps: number;
  inDim: number;
  H: number;
  G: number;
}

export function sequenceShape(x: TensorInfo, attrs: RecurrentAttrs, gatesPerUnit: number): SequenceShape {
  const [batch, steps, inDim] = x.shape as [number, number, number];
  return { batch, steps, inDim, H: attrs.units, G: gatesPerUnit * attrs.units };
}

/**
 * The buffers a forward pass starts with: every step's input projection x·W [B·T, G], the gate
 * values [B·T, G], h₋₁ per row [B·T, H], the output, and the running state h [B, H] (zero).
 */
export function startForward(
  backend: KernelBackend,
  x: TensorInfo,
  kernel: TensorInfo,
  attrs: RecurrentAttrs,
  { batch, steps, inDim, H, G }: SequenceShape,
): { projected: TensorInfo; gates: TensorInfo; hPrev: TensorInfo; output: TensorInfo; h: TensorInfo } {
  return {
    projected: matmul2d(backend, as(x, [batch * steps, inDim]), kernel),
    gates: makeBuffer(backend, [batch * steps, G]),
    hPrev: makeBuffer(backend, [batch * steps, H]),
    output: makeBuffer(backend, attrs.returnSequences ? [batch, steps, H] : [batch, H]),
    h: makeZeros(backend, [batch, H]),
  };
}

/**
 * Where step t's batch rows of the output (the same rows of dy) lie: `row(base, t)` gives the byte
 * offset of batch row 0 and the byte stride between rows, from the output's offset `base`. A step
 * the layer does not output (all but the last without returnSequences) gives `none` with stride 0:
 * a scratch row to write into, or zeros to read.
 */
export function stepRows(
  attrs: RecurrentAttrs,
  { steps, H }: SequenceShape,
  none: number,
): { row(base: number, t: number): [offset: number, stride: number] } {
  return {
    row(base, t) {
      if (attrs.returnSequences) return [base + 4 * t * H, 4 * steps * H];
      return t === steps - 1 ? [base, 4 * H] : [none, 0];
    },
  };
}

/**
 * vᵀ·dz [n, G] for v [rows, n] and dz [rows, G], from dzᵀ [G, rows]: computed as (dzᵀ·v)ᵀ so that
 * the large dz, new every step, is XNNPACK's A operand. XNNPACK packs its B operand anew for every
 * new tensor: ~2 ms for a [1792, 256] dz, a quarter of that for v = h₋₁ [1792, 64], and the
 * [G, n] result's transpose is small.
 */
export function weightGrad(backend: KernelBackend, v: TensorInfo, dzT: TensorInfo): TensorInfo {
  const productT = matmul2d(backend, dzT, v);
  const out = transposeInfo(backend, productT, [1, 0]);
  disposeInfos(backend, productT);
  return out;
}

/** [a | b]: the columns of a [rows, n] then those of b [rows, m], as a new [rows, n + m] tensor. */
export function concatColumns(backend: KernelBackend, a: TensorInfo, b: TensorInfo): TensorInfo {
  const [rows, n] = a.shape as [number, number];
  const m = b.shape[1]!;
  const out = makeBuffer(backend, [rows, n + m]);
  const [O, A, B] = [out, a, b].map((t) => heapView(backend, t)) as [
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  for (let k = 0; k < rows; k++) {
    O.set(A.subarray(k * n, (k + 1) * n), k * (n + m));
    O.set(B.subarray(k * m, (k + 1) * m), k * (n + m) + n);
  }
  return out;
}

/** dx = dz·Wᵀ [batch, steps, inDim] and db = Σ dz over the whole sequence (dz [B·T, G]). */
export function dxAndBias(
  backend: KernelBackend,
  kernel: TensorInfo,
  dz: TensorInfo,
  hasBias: boolean,
  { batch, steps, inDim }: SequenceShape,
): Pick<RecurrentGrads, 'dx' | 'dBias'> {
  const kernelT = transposeInfo(backend, kernel, [1, 0]);
  const dxFlat = matmul2d(backend, dz, kernelT);
  const dBias = hasBias ? columnSums(backend, dz) : null;
  disposeInfos(backend, kernelT);
  return { dx: { ...dxFlat, shape: [batch, steps, inDim] }, dBias };
}
