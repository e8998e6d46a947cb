// Conv2DBackpropFilter for few input channels, stride 1 (MNIST's first conv) as a direct SIMD
// reduction (wasm-conv-small-asm.ts) instead of the conv-with-batch-as-channels formulation
// (wasm-conv-grads.ts), which XNNPACK runs at ~10 GFLOP/s on this shape: its output, the 5×5×1×8
// filter, is too small to tile. Padding is applied first (a copy), so the loop only ever scans a
// 'valid' window. The forward Conv2D was also written this way and lost to XNNPACK (see
// docs/PERFORMANCE.md), so it is not here.
import { backend_util } from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { instantiateOnHeap, wasmHeapOf, type WasmMemory } from './wasm-adam-simd';
import { smallConvModule, type FilterGradRow } from './wasm-conv-small-asm';
import {
  disposeInfos,
  heapOffset,
  padOrCrop2D,
  type KernelArgs,
  type WasmHeapAccess,
} from './wasm-kernel-calls';

type Shape4 = [number, number, number, number];
type ConvPad = backend_util.ExplicitPadding | 'valid' | 'same' | number;

/** Limits of the direct path; anything else keeps the fallback. */
export const SMALL_CONV_LIMITS = { maxInC: 4, maxFilterW: 8 } as const;

interface FilterGradKernels {
  /** 4 and 8 output channels per call. */
  lanes1: FilterGradRow;
  lanes2: FilterGradRow;
}

const modules = new WeakMap<WasmMemory, Map<string, FilterGradKernels | null>>();

function kernelsFor(memory: WasmMemory, filterW: number, inC: number): FilterGradKernels | null {
  let byShape = modules.get(memory);
  if (byShape === undefined) modules.set(memory, (byShape = new Map()));
  const key = `${filterW},${inC}`;
  if (byShape.has(key)) return byShape.get(key)!;
  const exports = instantiateOnHeap(memory, (shared) => smallConvModule(filterW, inC, shared));
  const kernels = exports && {
    lanes1: exports['filterGradRow1'] as FilterGradRow,
    lanes2: exports['filterGradRow2'] as FilterGradRow,
  };
  byShape.set(key, kernels);
  return kernels;
}

const unit = (v: unknown) => v === undefined || v === 1 || (Array.isArray(v) && v.every((n) => n === 1));

/** The geometry when the direct loop applies, else null. */
export function smallConvGeometry(
  xShape: Shape4,
  filterShape: Shape4,
  attrs: Record<string, unknown>,
  dtypes: string[],
): backend_util.Conv2DInfo | null {
  const [fh, fw, inC, outC] = filterShape;
  if (attrs['dataFormat'] === 'NCHW' || !unit(attrs['strides']) || !unit(attrs['dilations'])) return null;
  if (dtypes.some((d) => d !== 'float32')) return null;
  if (inC > SMALL_CONV_LIMITS.maxInC || outC % 4 !== 0 || fw > SMALL_CONV_LIMITS.maxFilterW) return null;
  if (xShape[3] !== inC || fh < 1 || fw < 1 || outC < 4) return null;
  const info = backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    1,
    1,
    attrs['pad'] as ConvPad,
    attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
  );
  return info.outHeight > 0 && info.outWidth > 0 && info.batchSize > 0 ? info : null;
}

/** x padded (or cropped) to exactly the window a stride-1 'valid' scan reads. */
function validWindow(args: KernelArgs, x: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { filterHeight: fh, filterWidth: fw, outHeight: oh, outWidth: ow, padInfo } = info;
  return padOrCrop2D(args.backend, x, [
    [padInfo.top, fh + oh - 1 - info.inHeight - padInfo.top],
    [padInfo.left, fw + ow - 1 - info.inWidth - padInfo.left],
  ]);
}

/** Conv2DBackpropFilter through the direct loop where it applies, else through `fallback`. */
export function withSmallConvFilterGrad(fallback: KernelFunc): KernelFunc {
  return ((args: KernelArgs) => {
    const { inputs, backend, attrs = {} } = args;
    const x = inputs['x'];
    const dy = inputs['dy'];
    const memory = wasmHeapOf(backend);
    const filterShape = attrs['filterShape'] as Shape4;
    if (x === undefined || dy === undefined || memory === undefined) return fallback(args);
    const info = smallConvGeometry(x.shape as Shape4, filterShape, attrs, [x.dtype, dy.dtype]);
    const [fh, fw, inC, outC] = filterShape;
    const kernels = info && kernelsFor(memory, fw, inC);
    if (info === null || !kernels) return fallback(args);
    const xp = validWindow(args, x, info);
    const heap = backend as unknown as WasmHeapAccess<Float32Array>;
    const dW = heap.makeOutput(filterShape.slice(), 'float32');
    const [xAt, dyAt, outAt] = [xp, dy, dW].map((t) => heapOffset(backend, t)) as [number, number, number];
    const { batchSize, outHeight: oh, outWidth: ow } = info;
    const [xRow, pixel] = [(ow + fw - 1) * inC * 4, outC * 4];
    const xImage = (oh + fh - 1) * xRow;
    for (let ky = 0; ky < fh; ky++)
      for (let ci = 0; ci < inC; ci++)
        for (let co = 0; co < outC; co += 8) {
          const run = outC - co >= 8 ? kernels.lanes2 : kernels.lanes1;
          const out = outAt + ((ky * fw * inC + ci) * outC + co) * 4;
          run(
            xAt + ky * xRow + ci * 4,
            dyAt + co * 4,
            out,
            batchSize,
            oh,
            ow,
            xRow,
            xImage,
            pixel,
            inC * pixel,
          );
        }
    disposeInfos(backend, xp);
    return dW;
  }) as unknown as KernelFunc;
}
