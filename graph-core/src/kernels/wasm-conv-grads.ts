// Conv gradients for the wasm backend, expressed as forward convolutions and matrix multiplies on
// rearranged tensors so that XNNPACK does the arithmetic (a per-element JS or naive C loop would be
// far slower than the forward pass).
import { backend_util } from '@tensorflow/tfjs';
import type { KernelBackend, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import {
  disposeInfos,
  padOrCrop2D,
  reshapeInfo,
  runWasmKernel,
  transposeInfo,
  type KernelArgs,
} from './wasm-kernel-calls';

type Shape4 = [number, number, number, number];
type ConvPad = backend_util.ExplicitPadding | 'valid' | 'same' | number;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

function input(inputs: NamedTensorInfoMap, name: string): TensorInfo {
  const info = inputs[name];
  if (info === undefined) throw new Error(`missing kernel input '${name}'`);
  return info;
}

/** dW = x ⋆ dy: a convolution with batch as the reduced channel axis and the stride as dilation. */
export function conv2DBackpropFilter({ inputs, backend, attrs = {} }: KernelArgs): TensorInfo {
  const x = input(inputs, 'x');
  const dy = input(inputs, 'dy');
  const filterShape = attrs['filterShape'] as Shape4;
  if (attrs['dataFormat'] === 'NCHW') throw new Error('wasm Conv2DBackpropFilter supports NHWC only');
  const info = backend_util.computeConv2DInfo(
    x.shape as Shape4,
    filterShape,
    attrs['strides'] as [number, number],
    1,
    attrs['pad'] as ConvPad,
    attrs['dimRoundingMode'] as Rounding,
  );
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { outHeight: oh, outWidth: ow, inHeight: h, inWidth: w, padInfo } = info;
  const xT = transposeInfo(backend, x, [3, 1, 2, 0]);
  const xWindow = padOrCrop2D(backend, xT, [
    [padInfo.top, fh + (oh - 1) * sh - h - padInfo.top],
    [padInfo.left, fw + (ow - 1) * sw - w - padInfo.left],
  ]);
  const dyT = transposeInfo(backend, dy, [1, 2, 0, 3]);
  const conv = runWasmKernel(
    backend,
    'Conv2D',
    { x: xWindow, filter: dyT },
    { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [sh, sw] },
  );
  const dW = transposeInfo(backend, conv, [1, 2, 0, 3]);
  disposeInfos(backend, xT, xWindow, dyT, conv);
  return dW;
}

/** Zero-inserts between rows and columns so that a stride-s gradient becomes a stride-1 convolution. */
function zeroInsert(backend: KernelBackend, dy: TensorInfo, sh: number, sw: number): TensorInfo {
  const [b, oh, ow, c] = dy.shape as Shape4;
  if (sh === 1 && sw === 1) return reshapeInfo(backend, dy, [b, oh, ow, c]);
  const rows = reshapeInfo(backend, dy, [b, oh, 1, ow * c]);
  const rowsPadded = runWasmKernel(
    backend,
    'PadV2',
    { x: rows },
    {
      paddings: [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
      ],
      constantValue: 0,
    },
  );
  const cols = reshapeInfo(backend, rowsPadded, [b * oh * sh, ow, 1, c]);
  const colsPadded = runWasmKernel(
    backend,
    'PadV2',
    { x: cols },
    {
      paddings: [
        [0, 0],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ],
      constantValue: 0,
    },
  );
  const out = reshapeInfo(backend, colsPadded, [b, oh * sh, ow * sw, c]);
  disposeInfos(backend, rows, rowsPadded, cols, colsPadded);
  return out;
}

function depthwiseInfo(xShape: Shape4, filterShape: Shape4, attrs: NamedAttrMap) {
  return backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    attrs['strides'] as [number, number],
    (attrs['dilations'] as [number, number] | number | undefined) ?? 1,
    attrs['pad'] as ConvPad,
    attrs['dimRoundingMode'] as Rounding,
    true,
  );
}

/**
 * dx = the zero-inserted, padded dy correlated with the spatially flipped filter whose in/out
 * channels are swapped. Replaces wasm's own Conv2DBackpropInput, a naive loop that took ~40% of a
 * CNN's training step.
 */
export function conv2DBackpropInput({ inputs, backend, attrs = {} }: KernelArgs): TensorInfo {
  const dy = input(inputs, 'dy');
  const filter = input(inputs, 'filter');
  if (attrs['dataFormat'] === 'NCHW') throw new Error('wasm Conv2DBackpropInput supports NHWC only');
  const inShape = attrs['inputShape'] as Shape4;
  const info = backend_util.computeConv2DInfo(
    inShape,
    filter.shape as Shape4,
    attrs['strides'] as [number, number],
    1,
    attrs['pad'] as ConvPad,
    attrs['dimRoundingMode'] as Rounding,
  );
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, padInfo } = info;
  const [, h, w] = inShape;
  const dyZ = zeroInsert(backend, dy, sh, sw);
  const top = fh - 1 - padInfo.top;
  const left = fw - 1 - padInfo.left;
  const dyP = padOrCrop2D(backend, dyZ, [
    [top, h + fh - 1 - top - (dyZ.shape[1] as number)],
    [left, w + fw - 1 - left - (dyZ.shape[2] as number)],
  ]);
  const flipped = runWasmKernel(backend, 'Reverse', { x: filter }, { dims: [0, 1] });
  const swapped = transposeInfo(backend, flipped, [0, 1, 3, 2]);
  const dx = runWasmKernel(
    backend,
    'Conv2D',
    { x: dyP, filter: swapped },
    { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] },
  );
  disposeInfos(backend, dyZ, dyP, flipped, swapped);
  return dx;
}

/** dW for depthwise conv: im2col patches per channel, then one batched matmul over channels. */
export function depthwiseConv2dNativeBackpropFilter({ inputs, backend, attrs = {} }: KernelArgs): TensorInfo {
  const x = input(inputs, 'x');
  const dy = input(inputs, 'dy');
  const filterShape = attrs['filterShape'] as Shape4;
  const info = depthwiseInfo(x.shape as Shape4, filterShape, attrs);
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { dilationHeight: dh, dilationWidth: dw, outHeight: oh, outWidth: ow, padInfo } = info;
  const [b, h, w, c] = x.shape as Shape4;
  const m = filterShape[3];
  const xP = padOrCrop2D(backend, x, [
    [padInfo.top, Math.max(0, (fh - 1) * dh + (oh - 1) * sh + 1 - h - padInfo.top)],
    [padInfo.left, Math.max(0, (fw - 1) * dw + (ow - 1) * sw + 1 - w - padInfo.left)],
  ]);
  const slices: TensorInfo[] = [];
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      const begin = [0, kh * dh, kw * dw, 0];
      const end = [b, kh * dh + (oh - 1) * sh + 1, kw * dw + (ow - 1) * sw + 1, c];
      slices.push(runWasmKernel(backend, 'StridedSlice', { x: xP }, { begin, end, strides: [1, sh, sw, 1] }));
    }
  }
  const n = b * oh * ow;
  const flat = slices.map((s) => reshapeInfo(backend, s, [1, n, c]));
  // Concat, unlike other kernels, takes its inputs as an array.
  const patches = runWasmKernel(backend, 'Concat', flat as unknown as NamedTensorInfoMap, { axis: 0 });
  const patchesT = transposeInfo(backend, patches, [2, 0, 1]);
  const dy3 = reshapeInfo(backend, dy, [n, c, m]);
  const dyT = transposeInfo(backend, dy3, [1, 0, 2]);
  const prod = runWasmKernel(
    backend,
    'BatchMatMul',
    { a: patchesT, b: dyT },
    { transposeA: false, transposeB: false },
  );
  const prodT = transposeInfo(backend, prod, [1, 0, 2]);
  const dW = reshapeInfo(backend, prodT, [fh, fw, c, m]);
  disposeInfos(backend, xP, ...slices, ...flat, patches, patchesT, dy3, dyT, prod, prodT);
  return dW;
}

/** dx for depthwise conv: a depthwise correlation of the zero-inserted dy with the flipped filter. */
export function depthwiseConv2dNativeBackpropInput({ inputs, backend, attrs = {} }: KernelArgs): TensorInfo {
  const dy = input(inputs, 'dy');
  const filter = input(inputs, 'filter');
  const inShape = attrs['inputShape'] as Shape4;
  const info = depthwiseInfo(inShape, filter.shape as Shape4, attrs);
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { dilationHeight: dh, dilationWidth: dw, padInfo } = info;
  const { effectiveFilterHeight: efh, effectiveFilterWidth: efw } = info;
  const [b, h, w, c] = inShape;
  const m = filter.shape[3] as number;
  const dyZ = zeroInsert(backend, dy, sh, sw);
  const top = efh - 1 - padInfo.top;
  const left = efw - 1 - padInfo.left;
  const dyP = padOrCrop2D(backend, dyZ, [
    [top, h + efh - 1 - top - (dyZ.shape[1] as number)],
    [left, w + efw - 1 - left - (dyZ.shape[2] as number)],
  ]);
  const flipped = runWasmKernel(backend, 'Reverse', { x: filter }, { dims: [0, 1] });
  const filterFlat = reshapeInfo(backend, flipped, [fh, fw, c * m, 1]);
  const conv = runWasmKernel(
    backend,
    'DepthwiseConv2dNative',
    { x: dyP, filter: filterFlat },
    { strides: [1, 1], pad: 'valid', dilations: [dh, dw] },
  );
  const perMultiplier = reshapeInfo(backend, conv, [b, h, w, c, m]);
  const dx = runWasmKernel(backend, 'Sum', { x: perMultiplier }, { axis: [4], keepDims: false });
  disposeInfos(backend, dyZ, dyP, flipped, filterFlat, conv, perMultiplier);
  return dx;
}
