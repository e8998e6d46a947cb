// A whole LSTM sequence, forward and backward, as tfjs-layers' LSTM computes it (gates i, f, c, o
// in one [input, 4·units] kernel; c = f·c₋₁ + i·tanh(z_c); h = o·tanh(c)), on the wasm heap.
// Forward: one XNNPACK matmul for every time step's input projection, then per step one h·U matmul
// and one call of the SIMD step kernel for the gates of every batch row (wasm-recurrent-steps.ts).
// Backward: per step one kernel call and one dz·Uᵀ matmul; the weight and input gradients are
// three matmuls over the whole sequence at the end (the weights' from dzᵀ, see weightGrad).
// Rows of the [batch·steps, …] buffers are ordered (b, t), the order of x reshaped to 2-D.
import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs';
import { disposeInfos, heapOffset, transposeInfo } from './wasm-kernel-calls';
import {
  gateCode,
  as,
  dxAndBias,
  makeBuffer,
  makeZeros,
  matmul2d,
  sequenceShape,
  startForward,
  stepRows,
  type RecurrentAttrs,
  weightGrad,
  type RecurrentGrads,
} from './wasm-recurrent-common';
import { stepKernelsFor } from './wasm-recurrent-steps';

export type { RecurrentGrads };

export interface LstmForward {
  output: TensorInfo;
  /** Gate values after activation [B·T, 4H], cell states and their tanh [B·T, H], h₋₁ per row [B·T, H]. */
  saved: [gates: TensorInfo, cells: TensorInfo, cellTanh: TensorInfo, hPrev: TensorInfo];
}

export function lstmForward(
  backend: KernelBackend,
  x: TensorInfo,
  kernel: TensorInfo,
  recurrent: TensorInfo,
  bias: TensorInfo | null,
  attrs: RecurrentAttrs,
): LstmForward {
  const shape = sequenceShape(x, attrs, 4);
  const { batch, steps, H, G } = shape;
  const step = stepKernelsFor(backend, H, gateCode(attrs.recurrentActivation));
  const { projected, gates, hPrev, output, h } = startForward(backend, x, kernel, attrs, shape);
  const cells = makeBuffer(backend, [batch * steps, H]);
  const cellTanh = makeBuffer(backend, [batch * steps, H]);
  const zeros = makeZeros(backend, [G]);
  const scratch = makeBuffer(backend, [H]);
  const at = (t: TensorInfo) => heapOffset(backend, t);
  const rows = stepRows(attrs, shape, at(scratch));
  const [XW, A, C, TC, HP, HS, Z] = [projected, gates, cells, cellTanh, hPrev, h, zeros].map(at) as number[];
  const [GB, HB] = [4 * G, 4 * H];
  for (let t = 0; t < steps; t++) {
    const rec = t > 0 ? matmul2d(backend, h, recurrent) : null;
    const [out, outStride] = rows.row(at(output), t);
    step.lstmForward(
      XW! + t * GB,
      steps * GB,
      rec === null ? Z! : at(rec),
      rec === null ? 0 : GB,
      bias === null ? Z! : at(bias),
      A! + t * GB,
      t > 0 ? C! + (t - 1) * HB : Z!,
      t > 0 ? steps * HB : 0,
      C! + t * HB,
      steps * HB,
      TC! + t * HB,
      HP! + t * HB,
      HS!,
      out,
      outStride,
      batch,
    );
    if (rec !== null) disposeInfos(backend, rec);
  }
  disposeInfos(backend, projected, h, zeros, scratch);
  return { output, saved: [gates, cells, cellTanh, hPrev] };
}

export function lstmBackward(
  backend: KernelBackend,
  dy: TensorInfo,
  x: TensorInfo,
  kernel: TensorInfo,
  recurrent: TensorInfo,
  hasBias: boolean,
  [gates, cells, cellTanh, hPrev]: LstmForward['saved'],
  attrs: RecurrentAttrs,
): RecurrentGrads {
  const shape = sequenceShape(x, attrs, 4);
  const { batch, steps, H, G } = shape;
  const step = stepKernelsFor(backend, H, gateCode(attrs.recurrentActivation));
  const dz = makeBuffer(backend, [batch * steps, G]);
  const dzStep = makeBuffer(backend, [batch, G]);
  const dcCarry = makeZeros(backend, [batch, H]);
  const zeros = makeZeros(backend, [G]);
  const recurrentT = transposeInfo(backend, recurrent, [1, 0]);
  const at = (t: TensorInfo) => heapOffset(backend, t);
  const rows = stepRows(attrs, shape, at(zeros));
  const [A, C, TC, DZ, DZS, DC, Z] = [gates, cells, cellTanh, dz, dzStep, dcCarry, zeros].map(at) as number[];
  const [GB, HB] = [4 * G, 4 * H];
  let dhRec: TensorInfo | null = null;
  for (let t = steps - 1; t >= 0; t--) {
    const [dyRow, dyStride] = rows.row(at(dy), t);
    step.lstmBackward(
      dyRow,
      dyStride,
      dhRec === null ? Z! : at(dhRec),
      dhRec === null ? 0 : HB,
      A! + t * GB,
      steps * GB,
      t > 0 ? C! + (t - 1) * HB : Z!,
      t > 0 ? steps * HB : 0,
      TC! + t * HB,
      steps * HB,
      DC!,
      DZ! + t * GB,
      DZS!,
      batch,
    );
    if (dhRec !== null) disposeInfos(backend, dhRec);
    dhRec = t > 0 ? matmul2d(backend, dzStep, recurrentT) : null;
  }
  disposeInfos(backend, dzStep, recurrentT, dcCarry, zeros);
  const dzT = transposeInfo(backend, dz, [1, 0]);
  const dRecurrent = weightGrad(backend, hPrev, dzT);
  const dKernel = weightGrad(backend, as(x, [batch * steps, shape.inDim]), dzT);
  const grads = dxAndBias(backend, kernel, dz, hasBias, shape);
  disposeInfos(backend, dz, dzT);
  return { ...grads, dKernel, dRecurrent };
}
