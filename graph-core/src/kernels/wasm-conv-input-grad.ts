// Conv2DBackpropInput as one matmul and a SIMD col2im: cols = dy · Wᵀ ([B·OH·OW, FH·FW·C]), then
// each column block is added into dx at its window. The conv-of-padded-dy formulation
// (wasm-conv-grads.ts) multiplies mostly inserted zeros and padding: for a 5×5 filter on an 8×8
// output it does 2.25× the arithmetic, plus a pad, a reverse and a transpose per call.
import { backend_util } from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { conv2DBackpropInput as viaConv } from './wasm-conv-grads';
import {
  disposeInfos,
  reshapeInfo,
  runWasmKernel,
  type KernelArgs,
  type WasmHeapAccess,
} from './wasm-kernel-calls';
import { simdKernelsOf } from './wasm-simd-kernels';

type Shape4 = [number, number, number, number];

export function conv2DBackpropInput(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs = {} } = args;
  const dy = inputs['dy'];
  const filter = inputs['filter'];
  const inShape = attrs['inputShape'] as Shape4;
  const simd = simdKernelsOf(backend);
  if (dy === undefined || filter === undefined || simd === null || attrs['dataFormat'] === 'NCHW')
    return viaConv(args);
  const [fh, fw, c, co] = filter.shape as Shape4;
  if (c % 4 !== 0) return viaConv(args);
  const info = backend_util.computeConv2DInfo(
    inShape,
    filter.shape as Shape4,
    attrs['strides'] as [number, number],
    1,
    attrs['pad'] as backend_util.ExplicitPadding | 'valid' | 'same' | number,
    attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
  );
  const [b, h, w] = inShape;
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, padInfo } = info;
  const taps = fh * fw * c;
  const dy3 = reshapeInfo(backend, dy, [1, b * oh * ow, co]);
  const w3 = reshapeInfo(backend, filter, [1, taps, co]);
  const cols = runWasmKernel(
    backend,
    'BatchMatMul',
    { a: dy3, b: w3 },
    { transposeA: false, transposeB: true },
  );
  const heap = backend as unknown as WasmHeapAccess<Float32Array>;
  const dx = heap.makeOutput(inShape.slice(), 'float32');
  heap.typedArrayFromHeap(dx).fill(0);
  const { kernels, offset } = simd;
  const [colsAt, dxAt] = [offset(cols), offset(dx)];
  for (let n = 0; n < b; n++) {
    const image = dxAt + n * h * w * c * 4;
    for (let oy = 0; oy < oh; oy++) {
      const row = colsAt + (n * oh + oy) * ow * taps * 4;
      kernels.col2imRow(row, image, oy * sh - padInfo.top, h, w, ow, sw, padInfo.left, fh, fw, c * 4);
    }
  }
  disposeInfos(backend, dy3, w3, cols);
  return dx;
}
