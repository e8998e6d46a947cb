// Replacements for wasm's Sum and Add in the shapes a layer's bias produces: the forward add of a
// [C] bias to an [N…, C] activation (wasm's broadcasting loop runs one element at a time) and its
// gradient, a sum over every leading axis (wasm transposes the whole tensor first so the reduced
// axes come innermost). Everything else goes to wasm's own kernels.
import { util } from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';
import { simdKernelsOf } from './wasm-simd-kernels';
import { type KernelArgs, type WasmHeapAccess } from './wasm-kernel-calls';

/** Sum over axes 0…k−1 of a float32 tensor whose remaining size is a multiple of 4. */
export function makeLeadingSum(original: KernelConfig): KernelFunc {
  const run = original.kernelFunc;
  return ((args: KernelArgs) => {
    const x = args.inputs['x'];
    const attrs = args.attrs ?? {};
    const simd = simdKernelsOf(args.backend);
    if (x === undefined || x.dtype !== 'float32' || simd === null) return run(args);
    const rank = x.shape.length;
    const axes = util.parseAxisParam(attrs['axis'] as number | number[], x.shape);
    const sorted = [...new Set(axes)].sort((a, b) => a - b);
    const k = sorted.length;
    const inner = util.sizeFromShape(x.shape.slice(k));
    if (k === 0 || k === rank || sorted.some((a, i) => a !== i) || inner % 4 !== 0) return run(args);

    const shape = attrs['keepDims'] ? x.shape.map((d, i) => (i < k ? 1 : d)) : x.shape.slice(k);
    const backend = args.backend as unknown as WasmHeapAccess<Float32Array>;
    const out = backend.makeOutput(shape, 'float32');
    backend.typedArrayFromHeap(out).fill(0);
    const rows = util.sizeFromShape(x.shape.slice(0, k));
    simd.kernels.sumRows(simd.offset(x), simd.offset(out), rows, inner * 4);
    return out;
  }) as unknown as KernelFunc;
}

/** The input shape's trailing part that `small` fills, or false when it is no such broadcast. */
function isTrailing(big: number[], small: number[]): boolean {
  let s = small.length;
  while (s > 0 && small[0] === 1 && s > 1) {
    small = small.slice(1);
    s--;
  }
  if (s > big.length) return false;
  return small.every((d, i) => d === big[big.length - s + i]);
}

/** a + b where one is the other's trailing block (a bias) of a size that is a multiple of 4. */
export function makeBiasAdd(original: KernelConfig): KernelFunc {
  const run = original.kernelFunc;
  return ((args: KernelArgs) => {
    const a = args.inputs['a'];
    const b = args.inputs['b'];
    if (a === undefined || b === undefined || a.dtype !== 'float32' || b.dtype !== 'float32')
      return run(args);
    const aSize = util.sizeFromShape(a.shape);
    const bSize = util.sizeFromShape(b.shape);
    const [big, small] = aSize >= bSize ? [a, b] : [b, a];
    const smallSize = Math.min(aSize, bSize);
    if (smallSize === Math.max(aSize, bSize) || smallSize % 4 !== 0 || small.shape.length > big.shape.length)
      return run(args);
    if (!isTrailing(big.shape, small.shape)) return run(args);
    const simd = simdKernelsOf(args.backend);
    if (simd === null) return run(args);
    const backend = args.backend as unknown as WasmHeapAccess<Float32Array>;
    const out = backend.makeOutput(big.shape.slice(), 'float32');
    const rows = util.sizeFromShape(big.shape) / smallSize;
    simd.kernels.addRow(simd.offset(big), simd.offset(small), simd.offset(out), rows, smallSize * 4);
    return out;
  }) as unknown as KernelFunc;
}
