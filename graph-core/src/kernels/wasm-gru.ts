// A whole GRU sequence, forward and backward, as tfjs-layers' GRU computes it (reset gate before
// the recurrent product): z = σ(x·W_z + h₋₁·U_z + b_z), r = σ(x·W_r + h₋₁·U_r + b_r),
// ĥ = tanh(x·W_h + (r·h₋₁)·U_h + b_h), h = z·h₋₁ + (1 − z)·ĥ. Same layout and approach as
// wasm-lstm.ts: one input-projection matmul, two small matmuls and a loop per step, each way.
import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs';
import { disposeInfos, runWasmKernel, transposeInfo } from './wasm-kernel-calls';
import {
  activateBlock,
  fastTanh,
  gateCode,
  gateSlope,
  heapView,
  inputGrads,
  makeBuffer,
  makeZeros,
  matmul2d,
  outputRow,
  sequenceShape,
  startForward,
  type RecurrentAttrs,
  type RecurrentGrads,
} from './wasm-recurrent-common';

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
  const gate = gateCode(attrs.recurrentActivation);
  const [uZR, uH] = splitRecurrent(backend, recurrent, H);
  const { projected, gates, hPrev, output, h } = startForward(backend, x, kernel, attrs, shape);
  const resetH = makeBuffer(backend, [batch * steps, H]);
  const rhStep = makeZeros(backend, [batch, H]);
  for (let t = 0; t < steps; t++) {
    const inner = t > 0 ? matmul2d(backend, h, uZR) : null;
    let XW = heapView(backend, projected);
    const IN = inner === null ? null : heapView(backend, inner);
    const bv = bias === null ? null : heapView(backend, bias);
    let A = heapView(backend, gates);
    let Hs = heapView(backend, h);
    const HP = heapView(backend, hPrev);
    const RH = heapView(backend, resetH);
    const RHS = heapView(backend, rhStep);
    for (let b = 0; b < batch; b++) {
      const row = b * steps + t;
      const zo = row * G;
      HP.set(Hs.subarray(b * H, b * H + H), row * H);
      activateBlock(A, zo, XW, zo, IN, b * 2 * H, bv, 0, 2 * H, gate);
      for (let u = 0; u < H; u++) RH[row * H + u] = RHS[b * H + u] = A[zo + H + u]! * Hs[b * H + u]!;
    }
    if (inner !== null) disposeInfos(backend, inner);
    const recH = t > 0 ? matmul2d(backend, rhStep, uH) : null;
    const RC = recH === null ? null : heapView(backend, recH);
    XW = heapView(backend, projected);
    A = heapView(backend, gates);
    Hs = heapView(backend, h);
    const O = heapView(backend, output);
    for (let b = 0; b < batch; b++) {
      const row = b * steps + t;
      const zo = row * G;
      const out = outputRow(attrs, b, t, steps) * H;
      for (let u = 0; u < H; u++) {
        const v =
          XW[zo + 2 * H + u]! + (RC === null ? 0 : RC[b * H + u]!) + (bv === null ? 0 : bv[2 * H + u]!);
        const hh = fastTanh(v);
        A[zo + 2 * H + u] = hh;
        const z = A[zo + u]!;
        const hv = z * Hs[b * H + u]! + (1 - z) * Math.fround(hh);
        Hs[b * H + u] = hv;
        if (out >= 0) O[out + u] = hv;
      }
    }
    if (recH !== null) disposeInfos(backend, recH);
  }
  disposeInfos(backend, projected, h, rhStep, uZR, uH);
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
  const gate = gateCode(attrs.recurrentActivation);
  const [uZR, uH] = splitRecurrent(backend, recurrent, H);
  const uZRT = transposeInfo(backend, uZR, [1, 0]);
  const uHT = transposeInfo(backend, uH, [1, 0]);
  const dz = makeBuffer(backend, [batch * steps, G]);
  const dzZR = makeBuffer(backend, [batch * steps, 2 * H]);
  const dzH = makeBuffer(backend, [batch * steps, H]);
  const zrStep = makeBuffer(backend, [batch, 2 * H]);
  const hStep = makeBuffer(backend, [batch, H]);
  const dhNext = new Float32Array(batch * H);
  const dhAcc = new Float32Array(batch * H);
  for (let t = steps - 1; t >= 0; t--) {
    const DY = heapView(backend, dy);
    let A = heapView(backend, gates);
    let HP = heapView(backend, hPrev);
    let DZ = heapView(backend, dz);
    const DZH = heapView(backend, dzH);
    let DZZR = heapView(backend, dzZR);
    const HS = heapView(backend, hStep);
    let ZRS = heapView(backend, zrStep);
    for (let b = 0; b < batch; b++) {
      const row = b * steps + t;
      const zo = row * G;
      const out = outputRow(attrs, b, t, steps) * H;
      for (let u = 0; u < H; u++) {
        let dh = dhNext[b * H + u]!;
        if (out >= 0) dh += DY[out + u]!;
        const z = A[zo + u]!;
        const hh = A[zo + 2 * H + u]!;
        const hp = HP[row * H + u]!;
        const daH = dh * (1 - z) * (1 - hh * hh);
        const daZ = dh * (hp - hh) * gateSlope(z, gate);
        dhAcc[b * H + u] = dh * z;
        DZ[zo + 2 * H + u] = DZH[row * H + u] = HS[b * H + u] = daH;
        DZ[zo + u] = DZZR[row * 2 * H + u] = ZRS[b * 2 * H + u] = daZ;
      }
    }
    // At t = 0, h₋₁ is zero: no reset-gate gradient and nothing to pass further back.
    const dRH = t > 0 ? matmul2d(backend, hStep, uHT) : null;
    const DRH = dRH === null ? null : heapView(backend, dRH);
    A = heapView(backend, gates);
    HP = heapView(backend, hPrev);
    DZ = heapView(backend, dz);
    DZZR = heapView(backend, dzZR);
    ZRS = heapView(backend, zrStep);
    for (let b = 0; b < batch; b++) {
      const row = b * steps + t;
      const zo = row * G;
      for (let u = 0; u < H; u++) {
        const drh = DRH === null ? 0 : DRH[b * H + u]!;
        const r = A[zo + H + u]!;
        const daR = drh * HP[row * H + u]! * gateSlope(r, gate);
        dhAcc[b * H + u] = dhAcc[b * H + u]! + drh * r;
        DZ[zo + H + u] = DZZR[row * 2 * H + H + u] = ZRS[b * 2 * H + H + u] = daR;
      }
    }
    if (dRH !== null) disposeInfos(backend, dRH);
    if (t > 0) {
      const back = matmul2d(backend, zrStep, uZRT);
      const BK = heapView(backend, back);
      for (let k = 0; k < batch * H; k++) dhNext[k] = dhAcc[k]! + BK[k]!;
      disposeInfos(backend, back);
    }
  }
  disposeInfos(backend, zrStep, hStep, uZRT, uHT, uZR, uH);
  const grads = inputGrads(backend, x, kernel, dz, hasBias, shape);
  const dZR = matmul2d(backend, hPrev, dzZR, true);
  const dHH = matmul2d(backend, resetH, dzH, true);
  const dRecurrent = makeBuffer(backend, [H, G]);
  const DR = heapView(backend, dRecurrent);
  const ZR = heapView(backend, dZR);
  const HH = heapView(backend, dHH);
  for (let k = 0; k < H; k++) {
    DR.set(ZR.subarray(k * 2 * H, (k + 1) * 2 * H), k * G);
    DR.set(HH.subarray(k * H, (k + 1) * H), k * G + 2 * H);
  }
  disposeInfos(backend, dz, dzZR, dzH, dZR, dHH);
  return { ...grads, dRecurrent };
}
