// Replacements for two wasm kernels that are correct but slow on the training path:
// - BatchMatMul/_FusedMatMul run XNNPACK only without transposes; with transposeA or transposeB
//   (every weight and input gradient) they fall back to a naive loop, 5-14× slower than an
//   explicit Transpose followed by the fast path.
// - Slice copies the whole input out of the wasm heap before taking its part, so slicing a batch
//   from a dataset tensor costs as much as copying the dataset.
// - Identity copies its input. The engine clones (Identity) every tensor a gradient saves, so a
//   training step copied each layer's input and output again (38 copies, ~7% of a CNN step).
import { backend_util, slice_util, util } from '@tensorflow/tfjs';
import type { KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { disposeInfos, transposeInfo, type KernelArgs, type WasmHeapAccess } from './wasm-kernel-calls';

function swapLastTwo(backend: KernelBackend, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = x.shape.map((_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return transposeInfo(backend, x, perm);
}

/** Wraps wasm's own (Batch/Fused)MatMul so it only ever sees untransposed operands. */
export function withoutTransposes(original: KernelConfig): KernelFunc {
  const run = original.kernelFunc;
  return (({ inputs, backend, attrs = {} }: KernelArgs) => {
    if (!attrs['transposeA'] && !attrs['transposeB']) return run({ inputs, backend, attrs });
    const a = inputs['a'];
    const b = inputs['b'];
    if (a === undefined || b === undefined) throw new Error(`${original.kernelName} needs a and b`);
    const aT = attrs['transposeA'] ? swapLastTwo(backend, a) : a;
    const bT = attrs['transposeB'] ? swapLastTwo(backend, b) : b;
    const out = run({
      inputs: { ...inputs, a: aT, b: bT },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    });
    if (aT !== a) disposeInfos(backend, aT);
    if (bT !== b) disposeInfos(backend, bT);
    return out;
  }) as unknown as KernelFunc;
}

/** Copies `size` elements starting at `begin` using views on the heap (no copy of the input). */
function copyBlock(
  x: Float32Array | Int32Array | Uint8Array,
  out: Float32Array | Int32Array | Uint8Array,
  xShape: number[],
  begin: number[],
  size: number[],
): void {
  const strides = [...util.computeStrides(xShape), 1];
  // The innermost axes that are taken whole form one contiguous run per outer index.
  let inner = size.length - 1;
  while (inner > 0 && begin[inner] === 0 && size[inner] === xShape[inner]) inner--;
  const run = size.slice(inner).reduce((p, d) => p * d, 1);
  const outer = size.slice(0, inner);
  const count = outer.reduce((p, d) => p * d, 1);
  const index = new Array<number>(outer.length).fill(0);
  for (let n = 0, dst = 0; n < count; n++, dst += run) {
    let src = begin[inner]! * strides[inner]!;
    for (let axis = 0; axis < outer.length; axis++) src += (begin[axis]! + index[axis]!) * strides[axis]!;
    out.set(x.subarray(src, src + run), dst);
    for (let axis = outer.length - 1; axis >= 0; axis--) {
      if (++index[axis]! < outer[axis]!) break;
      index[axis] = 0;
    }
  }
}

export function makeFastSlice(original: KernelConfig): KernelFunc {
  return (({ inputs, backend, attrs = {} }: KernelArgs) => {
    const x = inputs['x'];
    if (x === undefined) throw new Error('Slice needs x');
    if (x.dtype === 'string') return original.kernelFunc({ inputs, backend, attrs });
    const heap = backend as unknown as WasmHeapAccess;
    const [begin, size] = slice_util.parseSliceParams(
      x as never,
      attrs['begin'] as number[],
      attrs['size'] as number[],
    ) as [number[], number[]];
    const out = heap.makeOutput(size, x.dtype);
    if (util.sizeFromShape(size) === 0) return out;
    // Views are taken after makeOutput: growing the wasm memory detaches older views.
    copyBlock(heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(out), x.shape, begin, size);
    return out;
  }) as unknown as KernelFunc;
}

/**
 * GatherV2 on heap views: wasm's native gather copies element by element through strides (~2 ms
 * for 64 MNIST rows) and gets batch axes wrong; copying each row as one block is ~15× faster. Short
 * rows (a batch of labels, ids) are copied element by element here too: 64 label rows of 10 took
 * 0.06–0.09 ms natively (reading the indices back, marshalling strides), 0.03 here.
 */
export function makeFastGather(original: KernelConfig): KernelFunc {
  return (({ inputs, backend, attrs = {} }: KernelArgs) => {
    const x = inputs['x'];
    const indices = inputs['indices'];
    if (x === undefined || indices === undefined) throw new Error('GatherV2 needs x and indices');
    const axis = util.parseAxisParam(attrs['axis'] as number, x.shape)[0]!;
    const batchDims = (attrs['batchDims'] as number | undefined) ?? 0;
    const info = backend_util.segment_util.collectGatherOpShapeInfo(
      x as never,
      indices as never,
      axis,
      batchDims,
    );
    if (x.dtype === 'string') return original.kernelFunc({ inputs, backend, attrs });
    const heap = backend as unknown as WasmHeapAccess;
    const out = heap.makeOutput(info.outputShape, x.dtype);
    const outValues = heap.typedArrayFromHeap(out);
    const xValues = heap.typedArrayFromHeap(x);
    const idx = heap.typedArrayFromHeap(indices);
    const perBatch = idx.length / info.batchSize;
    let dst = 0;
    for (let b = 0; b < info.batchSize; b++) {
      for (let o = 0; o < info.outerSize; o++) {
        for (let i = 0; i < perBatch; i++) {
          const row = idx[b * perBatch + i]!;
          if (row < 0 || row >= info.dimSize) {
            backend.disposeData(out.dataId);
            throw new Error(`GatherV2: the index value ${row} is not in [0, ${info.dimSize - 1}]`);
          }
          const src = ((b * info.outerSize + o) * info.dimSize + row) * info.sliceSize;
          if (info.sliceSize < 16) {
            // Short rows (labels, ids): an element loop beats a subarray and set per row.
            for (let k = 0; k < info.sliceSize; k++) outValues[dst + k] = xValues[src + k]!;
          } else outValues.set(xValues.subarray(src, src + info.sliceSize), dst);
          dst += info.sliceSize;
        }
      }
    }
    return out;
  }) as unknown as KernelFunc;
}

/**
 * Identity that shares its input's heap data (a reference count, as wasm's own Reshape and tfjs's
 * cpu Identity do) instead of copying it. Safe because no wasm kernel writes into its inputs.
 */
export function makeSharedIdentity(original: KernelConfig): KernelFunc {
  const run = original.kernelFunc;
  return ((args: KernelArgs) => {
    const x = args.inputs['x'];
    if (x === undefined || x.dtype === 'string') return run(args);
    (args.backend as unknown as { incRef(dataId: unknown): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
  }) as unknown as KernelFunc;
}
