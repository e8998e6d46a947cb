// tfjs-backend-wasm 4.22's MaxPoolGrad drops the gradient of any window whose maximum is not
// positive (its running maximum starts at 0, not -Infinity): a pooling layer that sees negative
// activations (no ReLU before it) would silently stop learning. This replacement routes dy to the
// first maximum of each window, as the cpu and webgl backends do.
import { backend_util } from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { simdKernelsOf } from './wasm-simd-kernels';
import { type KernelArgs, type WasmHeapAccess } from './wasm-kernel-calls';

let tiledPoolGrad = true;

/** Turns the tiled-window SIMD pass off (false) or on again; for tests and before/after. Returns the previous setting. */
export function setTiledPoolGrad(on: boolean): boolean {
  const before = tiledPoolGrad;
  tiledPoolGrad = on;
  return before;
}

export function maxPoolGrad(args: KernelArgs): TensorInfo {
  const { inputs, attrs = {} } = args;
  const backend = args.backend as unknown as WasmHeapAccess;
  const x = inputs['input'];
  const dy = inputs['dy'];
  if (x === undefined || dy === undefined) throw new Error('MaxPoolGrad needs dy and input');
  const info = backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    attrs['filterSize'] as [number, number] | number,
    attrs['strides'] as [number, number] | number,
    1,
    attrs['pad'] as 'valid' | 'same' | number,
    attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
  );
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth, padInfo } = info;
  const dx = backend.makeOutput(x.shape.slice(), 'float32');
  // Views are taken after makeOutput: growing the wasm memory detaches older views.
  const dxValues = backend.typedArrayFromHeap(dx) as Float32Array;
  const simd = c % 4 === 0 ? simdKernelsOf(args.backend) : null;
  // Windows that tile the input (a 2×2 pool with stride 2, the usual case): one masked SIMD pass
  // writes every value of dx in the windows; only rows or columns no window covers need zeros.
  const tiles =
    strideHeight === filterHeight &&
    strideWidth === filterWidth &&
    padInfo.top === 0 &&
    padInfo.left === 0 &&
    outHeight * filterHeight <= inHeight &&
    outWidth * filterWidth <= inWidth;
  if (simd !== null && tiles && tiledPoolGrad) {
    const { kernels, offset } = simd;
    if (outHeight * filterHeight < inHeight || outWidth * filterWidth < inWidth) dxValues.fill(0);
    const [xAt, dyAt, dxAt] = [offset(x), offset(dy), offset(dx)];
    const rowBytes = inWidth * c * 4;
    const windowRow = filterHeight * rowBytes;
    for (let b = 0; b < batchSize; b++) {
      const image = b * inHeight * rowBytes;
      for (let oy = 0; oy < outHeight; oy++) {
        const top = image + oy * windowRow;
        kernels.poolGradTiles(
          xAt + top,
          dyAt + (b * outHeight + oy) * outWidth * c * 4,
          dxAt + top,
          rowBytes,
          c * 4,
          outWidth,
          filterHeight,
          filterWidth,
        );
      }
    }
    return dx;
  }
  dxValues.fill(0);
  if (simd !== null) {
    // Same scan as below, four channels per SIMD lane group, one wasm call per output row.
    const { kernels, offset } = simd;
    const [xAt, dyAt, dxAt] = [offset(x), offset(dy), offset(dx)];
    const rowBytes = inWidth * c * 4;
    for (let b = 0; b < batchSize; b++) {
      const image = b * inHeight * rowBytes;
      for (let oy = 0; oy < outHeight; oy++) {
        const rowStart = oy * strideHeight - padInfo.top;
        const dyRow = dyAt + (b * outHeight + oy) * outWidth * c * 4;
        kernels.poolGradRow(
          xAt + image,
          dyRow,
          dxAt + image,
          Math.max(0, rowStart),
          Math.min(inHeight, rowStart + filterHeight),
          rowBytes,
          c * 4,
          outWidth,
          strideWidth,
          filterWidth,
          padInfo.left,
          inWidth,
        );
      }
    }
    return dx;
  }
  const xValues = backend.typedArrayFromHeap(x) as Float32Array;
  const dyValues = backend.typedArrayFromHeap(dy) as Float32Array;
  // Channels innermost: each window tap is one contiguous run of c values (NHWC), so the scan
  // reads memory in order and keeps per-channel bests in two small arrays.
  const best = new Float32Array(c);
  const bestAt = new Int32Array(c);
  let out = 0;
  for (let b = 0; b < batchSize; b++) {
    const xBatch = b * inHeight * inWidth * c;
    for (let oy = 0; oy < outHeight; oy++) {
      const rowStart = oy * strideHeight - padInfo.top;
      const rowEnd = Math.min(inHeight, rowStart + filterHeight);
      for (let ox = 0; ox < outWidth; ox++, out += c) {
        const colStart = ox * strideWidth - padInfo.left;
        const colEnd = Math.min(inWidth, colStart + filterWidth);
        best.fill(Number.NEGATIVE_INFINITY);
        bestAt.fill(-1);
        for (let r = Math.max(0, rowStart); r < rowEnd; r++) {
          for (let col = Math.max(0, colStart); col < colEnd; col++) {
            const base = xBatch + (r * inWidth + col) * c;
            for (let ch = 0; ch < c; ch++) {
              const v = xValues[base + ch]!;
              if (v > best[ch]!) {
                best[ch] = v;
                bestAt[ch] = base + ch;
              }
            }
          }
        }
        for (let ch = 0; ch < c; ch++) {
          const at = bestAt[ch]!;
          if (at >= 0) dxValues[at]! += dyValues[out + ch]!;
        }
      }
    }
  }
  return dx;
}
