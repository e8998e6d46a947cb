// A whole GRU sequence, forward and backward, as tfjs-layers' GRU computes it (reset gate before
// the recurrent product): z = σ(x·W_z + h₋₁·U_z + b_z), r = σ(x·W_r + h₋₁·U_r + b_r),
// ĥ = tanh(x·W_h + (r·h₋₁)·U_h + b_h), h = z·h₋₁ + (1 − z)·ĥ. Same layout and approach as
// wasm-lstm.ts: one input-projection matmul, then per step two small matmuls and two calls of the
// SIMD step kernels (wasm-recurrent-steps.ts), each way.
import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs';
import { disposeInfos, heapOffset, runWasmKernel, transposeInfo } from './wasm-kernel-calls';
import {
  gateCode,
  as,
  concatColumns,
  dxAndBias,
  makeBuffer,
  makeZeros,
  matmul2d,
  sequenceShape,
  startForward,
  stepRows,
  weightGrad,
  type RecurrentAttrs,
  type RecurrentGrads,
} from './wasm-recurrent-common';
import { stepKernelsFor } from './wasm-recurrent-steps';

export interface GruForward {
  output: TensorInfo;
  /** Gate values [B·T, 3H] (z, r, ĥ), h₋₁ per row [B·T, H], r·h₋₁ per row [B·T, H]. */
  saved: [gates: TensorInfo, hPrev: TensorInfo, resetH: TensorInfo];
}

/** U split into its update/reset columns [H, 2H] and its candidate columns [H, H]. */
function splitRecurrent(backend: KernelBackend, recurrent: TensorInfo, H: number): [TensorInfo, TensorInfo] {
  const zr = runWasmKernel(backend, 'Slice', { x: recurrent }, { begin: [0, 0], size: [H, 2 * H] });
  const hh = runWasmKernel(backend, 'Slice', { x: recurrent }, { begin: [0, 2 * H], size: [H, H] });
  return [zr, hh];
}

export function gruForward(
  backend: KernelBackend,
  x: TensorInfo,
  kernel: TensorInfo,
  recurrent: TensorInfo,
  bias: TensorInfo | null,
  attrs: RecurrentAttrs,
): GruForward {
  const shape = sequenceShape(x, attrs, 3);
  const { batch, steps, H, G } = shape;
  const step = stepKernelsFor(backend, H, gateCode(attrs.recurrentActivation));
  const [uZR, uH] = splitRecurrent(backend, recurrent, H);
  const { projected, gates, hPrev, output, h } = startForward(backend, x, kernel, attrs, shape);
  const resetH = makeBuffer(backend, [batch * steps, H]);
  const rhStep = makeZeros(backend, [batch, H]);
  const zeros = makeZeros(backend, [G]);
  const scratch = makeBuffer(backend, [H]);
  const at = (t: TensorInfo) => heapOffset(backend, t);
  const rows = stepRows(attrs, shape, at(scratch));
  const [XW, A, HP, HS, RH, RHS, Z] = [projected, gates, hPrev, h, resetH, rhStep, zeros].map(at) as number[];
  const B = bias === null ? Z! : at(bias);
  const [GB, HB] = [4 * G, 4 * H];
  for (let t = 0; t < steps; t++) {
    const inner = t > 0 ? matmul2d(backend, h, uZR) : null;
    step.gruForwardGates(
      XW! + t * GB,
      steps * GB,
      inner === null ? Z! : at(inner),
      inner === null ? 0 : 2 * HB,
      B,
      A! + t * GB,
      HS!,
      HP! + t * HB,
      steps * HB,
      RH! + t * HB,
      RHS!,
      batch,
    );
    if (inner !== null) disposeInfos(backend, inner);
    const recH = t > 0 ? matmul2d(backend, rhStep, uH) : null;
    const [out, outStride] = rows.row(at(output), t);
    step.gruForwardOutput(
      XW! + t * GB,
      steps * GB,
      recH === null ? Z! : at(recH),
      recH === null ? 0 : HB,
      B,
      A! + t * GB,
      HS!,
      out,
      outStride,
      batch,
    );
    if (recH !== null) disposeInfos(backend, recH);
  }
  disposeInfos(backend, projected, h, rhStep, uZR, uH, zeros, scratch);
  return { output, saved: [gates, hPrev, resetH] };
}

export function gruBackward(
  backend: KernelBackend,
  dy: TensorInfo,
  x: TensorInfo,
  kernel: TensorInfo,
  recurrent: TensorInfo,
  hasBias: boolean,
  [gates, hPrev, resetH]: GruForward['saved'],
  attrs: RecurrentAttrs,
): RecurrentGrads {
  const shape = sequenceShape(x, attrs, 3);
  const { batch, steps, H, G } = shape;
  const step = stepKernelsFor(backend, H, gateCode(attrs.recurrentActivation));
  const [uZR, uH] = splitRecurrent(backend, recurrent, H);
  const uZRT = transposeInfo(backend, uZR, [1, 0]);
  const uHT = transposeInfo(backend, uH, [1, 0]);
  const dz = makeBuffer(backend, [batch * steps, G]);
  const dzZR = makeBuffer(backend, [batch * steps, 2 * H]);
  const dzH = makeBuffer(backend, [batch * steps, H]);
  const zrStep = makeBuffer(backend, [batch, 2 * H]);
  const hStep = makeBuffer(backend, [batch, H]);
  const acc = makeZeros(backend, [batch, H]);
  const zeros = makeZeros(backend, [G]);
  const at = (t: TensorInfo) => heapOffset(backend, t);
  const rows = stepRows(attrs, shape, at(zeros));
  const [A, HP, DZ, DZZR, DZH, ZRS, HST, ACC, Z] = [
    gates,
    hPrev,
    dz,
    dzZR,
    dzH,
    zrStep,
    hStep,
    acc,
    zeros,
  ].map(at) as number[];
  const [GB, HB] = [4 * G, 4 * H];
  let back: TensorInfo | null = null;
  for (let t = steps - 1; t >= 0; t--) {
    const [dyRow, dyStride] = rows.row(at(dy), t);
    step.gruBackwardUpdate(
      dyRow,
      dyStride,
      back === null ? Z! : at(back),
      back === null ? 0 : HB,
      ACC!,
      A! + t * GB,
      steps * GB,
      HP! + t * HB,
      steps * HB,
      DZ! + t * GB,
      DZH! + t * HB,
      HST!,
      DZZR! + 2 * t * HB,
      2 * steps * HB,
      ZRS!,
      batch,
    );
    if (back !== null) disposeInfos(backend, back);
    // At t = 0, h₋₁ is zero: no reset-gate gradient and nothing to pass further back.
    const dRH = t > 0 ? matmul2d(backend, hStep, uHT) : null;
    step.gruBackwardReset(
      dRH === null ? Z! : at(dRH),
      dRH === null ? 0 : HB,
      ACC!,
      A! + t * GB,
      steps * GB,
      HP! + t * HB,
      steps * HB,
      DZ! + t * GB,
      DZZR! + 2 * t * HB,
      2 * steps * HB,
      ZRS!,
      batch,
    );
    if (dRH !== null) disposeInfos(backend, dRH);
    back = t > 0 ? matmul2d(backend, zrStep, uZRT) : null;
  }
  disposeInfos(backend, zrStep, hStep, acc, zeros, uZRT, uHT, uZR, uH);
  const grads = dxAndBias(backend, kernel, dz, hasBias, shape);
  const xFlat = as(x, [batch * steps, shape.inDim]);
  const zrT = transposeInfo(backend, dzZR, [1, 0]);
  const hT = transposeInfo(backend, dzH, [1, 0]);
  const parts = [
    weightGrad(backend, hPrev, zrT),
    weightGrad(backend, resetH, hT),
    weightGrad(backend, xFlat, zrT),
    weightGrad(backend, xFlat, hT),
  ] as const;
  const dRecurrent = concatColumns(backend, parts[0], parts[1]);
  const dKernel = concatColumns(backend, parts[2], parts[3]);
  disposeInfos(backend, dz, dzZR, dzH, zrT, hT, ...parts);
  return { ...grads, dKernel, dRecurrent };
}
