// A whole LSTM sequence, forward and backward, as tfjs-layers' LSTM computes it (gates i, f, c, o
// in one [input, 4·units] kernel; c = f·c₋₁ + i·tanh(z_c); h = o·tanh(c)), on the wasm heap.
// Forward: one XNNPACK matmul for every time step's input projection, then per step one h·U matmul
// and a JavaScript loop for the gates. Backward: per step one dz·Uᵀ matmul and a loop; the weight
// and input gradients are three matmuls over the whole sequence at the end.
// Rows of the [batch·steps, …] buffers are ordered (b, t), the order of x reshaped to 2-D.
import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs';
import { disposeInfos, transposeInfo } from './wasm-kernel-calls';
import {
  activateBlock,
  fastTanh,
  gateCode,
  gateSlope,
  heapView,
  inputGrads,
  makeBuffer,
  matmul2d,
  outputRow,
  sequenceShape,
  startForward,
  TANH,
  type RecurrentAttrs,
  type RecurrentGrads,
} from './wasm-recurrent-common';

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
  const gate = gateCode(attrs.recurrentActivation);
  const { projected, gates, hPrev, output, h } = startForward(backend, x, kernel, attrs, shape);
  const cells = makeBuffer(backend, [batch * steps, H]);
  const cellTanh = makeBuffer(backend, [batch * steps, H]);
  for (let t = 0; t < steps; t++) {
    const rec = t > 0 ? matmul2d(backend, h, recurrent) : null;
    const XW = heapView(backend, projected);
    const R = rec === null ? null : heapView(backend, rec);
    const bv = bias === null ? null : heapView(backend, bias);
    const A = heapView(backend, gates);
    const C = heapView(backend, cells);
    const TC = heapView(backend, cellTanh);
    const HP = heapView(backend, hPrev);
    const Hs = heapView(backend, h);
    const O = heapView(backend, output);
    for (let b = 0; b < batch; b++) {
      const row = b * steps + t;
      const zo = row * G;
      const out = outputRow(attrs, b, t, steps) * H;
      HP.set(Hs.subarray(b * H, b * H + H), row * H);
      activateBlock(A, zo, XW, zo, R, b * G, bv, 0, 2 * H, gate);
      activateBlock(A, zo + 2 * H, XW, zo + 2 * H, R, b * G + 2 * H, bv, 2 * H, H, TANH);
      activateBlock(A, zo + 3 * H, XW, zo + 3 * H, R, b * G + 3 * H, bv, 3 * H, H, gate);
      for (let u = 0; u < H; u++) {
        const cPrev = t > 0 ? C[(row - 1) * H + u]! : 0;
        const c = Math.fround(A[zo + H + u]! * cPrev + A[zo + u]! * A[zo + 2 * H + u]!);
        C[row * H + u] = c;
        const tc = (TC[row * H + u] = fastTanh(c));
        const hv = A[zo + 3 * H + u]! * tc;
        Hs[b * H + u] = hv;
        if (out >= 0) O[out + u] = hv;
      }
    }
    if (rec !== null) disposeInfos(backend, rec);
  }
  disposeInfos(backend, projected, h);
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
  const gate = gateCode(attrs.recurrentActivation);
  const dz = makeBuffer(backend, [batch * steps, G]);
  const dzStep = makeBuffer(backend, [batch, G]);
  const recurrentT = transposeInfo(backend, recurrent, [1, 0]);
  const dcCarry = new Float32Array(batch * H);
  let dhRec: TensorInfo | null = null;
  for (let t = steps - 1; t >= 0; t--) {
    const DY = heapView(backend, dy);
    const DHR = dhRec === null ? null : heapView(backend, dhRec);
    const A = heapView(backend, gates);
    const C = heapView(backend, cells);
    const TC = heapView(backend, cellTanh);
    const DZ = heapView(backend, dz);
    const DZS = heapView(backend, dzStep);
    for (let b = 0; b < batch; b++) {
      const row = b * steps + t;
      const zo = row * G;
      const so = b * G;
      const out = outputRow(attrs, b, t, steps) * H;
      for (let u = 0; u < H; u++) {
        let dh = DHR === null ? 0 : DHR[b * H + u]!;
        if (out >= 0) dh += DY[out + u]!;
        const i = A[zo + u]!;
        const f = A[zo + H + u]!;
        const g = A[zo + 2 * H + u]!;
        const o = A[zo + 3 * H + u]!;
        const tc = TC[row * H + u]!;
        const dc = dcCarry[b * H + u]! + dh * o * (1 - tc * tc);
        const cPrev = t > 0 ? C[(row - 1) * H + u]! : 0;
        dcCarry[b * H + u] = dc * f;
        const di = dc * g * gateSlope(i, gate);
        const df = dc * cPrev * gateSlope(f, gate);
        const dg = dc * i * (1 - g * g);
        const dO = dh * tc * gateSlope(o, gate);
        DZ[zo + u] = DZS[so + u] = di;
        DZ[zo + H + u] = DZS[so + H + u] = df;
        DZ[zo + 2 * H + u] = DZS[so + 2 * H + u] = dg;
        DZ[zo + 3 * H + u] = DZS[so + 3 * H + u] = dO;
      }
    }
    if (dhRec !== null) disposeInfos(backend, dhRec);
    dhRec = t > 0 ? matmul2d(backend, dzStep, recurrentT) : null;
  }
  disposeInfos(backend, dzStep, recurrentT);
  const dRecurrent = matmul2d(backend, hPrev, dz, true);
  const grads = inputGrads(backend, x, kernel, dz, hasBias, shape);
  disposeInfos(backend, dz);
  return { ...grads, dRecurrent };
}
