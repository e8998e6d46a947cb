// UnsortedSegmentSum is the gradient of Gather (embeddings). It is a scatter-add with no arithmetic
// to speak of, so a plain loop over the wasm heap beats any composition of dense kernels (a one-hot
// matmul would need rows × vocabulary memory).
import type { TensorInfo } from '@tensorflow/tfjs';
import { type KernelArgs, type WasmHeapAccess } from './wasm-kernel-calls';

export function unsortedSegmentSum(args: KernelArgs): TensorInfo {
  const { inputs, attrs = {} } = args;
  const backend = args.backend as unknown as WasmHeapAccess;
  const x = inputs['x'];
  const ids = inputs['segmentIds'];
  if (x === undefined || ids === undefined) throw new Error('UnsortedSegmentSum needs x and segmentIds');
  const numSegments = attrs['numSegments'] as number;
  const inner = x.shape.slice(ids.shape.length);
  const rowSize = inner.reduce((a, b) => a * b, 1);
  const out = backend.makeOutput([numSegments, ...inner], x.dtype);
  const outValues = backend.typedArrayFromHeap(out);
  outValues.fill(0);
  const xValues = backend.typedArrayFromHeap(x);
  const idValues = backend.typedArrayFromHeap(ids);
  for (let row = 0; row < idValues.length; row++) {
    const segment = idValues[row]!;
    // Out-of-range ids contribute nothing, as in TensorFlow.
    if (segment < 0 || segment >= numSegments) continue;
    const src = row * rowSize;
    const dst = segment * rowSize;
    for (let j = 0; j < rowSize; j++) outValues[dst + j]! += xValues[src + j]!;
  }
  return out;
}
