// Small helpers for kernelFuncs that compose other wasm kernels. Intermediates are TensorInfos owned
// by the kernel that made them, so they are freed with backend.disposeData, never through the engine.
import { getKernel } from '@tensorflow/tfjs';
import type { DataType, KernelBackend, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

/** What tfjs passes every kernelFunc. */
export interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
  attrs?: NamedAttrMap;
}

export type HeapArray = Float32Array | Int32Array | Uint8Array;

/**
 * The two members of tfjs-backend-wasm's BackendWasm that kernels writing straight into the heap
 * rely on; `A` narrows the view for kernels that only ever see float32 tensors.
 */
export interface WasmHeapAccess<A extends HeapArray = HeapArray> {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): A;
}

/** Byte offset of a tensor's data in tfjs-backend-wasm's heap (its `dataIdMap`). */
export function heapOffset(backend: unknown, t: { dataId: unknown }): number {
  const map = (backend as { dataIdMap: { get(id: unknown): { memoryOffset: number } | undefined } })
    .dataIdMap;
  return map.get(t.dataId)!.memoryOffset;
}

export type Pads2D = readonly [readonly [number, number], readonly [number, number]];

/** Runs another kernel of the wasm backend directly (no engine bookkeeping, no gradient tape). */
export function runWasmKernel(
  backend: KernelBackend,
  kernelName: string,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const config = getKernel(kernelName, 'wasm');
  if (config === undefined) throw new Error(`wasm kernel '${kernelName}' is not registered`);
  const out = config.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error(`wasm kernel '${kernelName}' returned several outputs`);
  return out;
}

/** Frees intermediates; never pass a kernel's inputs or its returned output. */
export function disposeInfos(backend: KernelBackend, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

export function reshapeInfo(backend: KernelBackend, x: TensorInfo, shape: number[]): TensorInfo {
  return runWasmKernel(backend, 'Reshape', { x }, { shape });
}

export function transposeInfo(backend: KernelBackend, x: TensorInfo, perm: number[]): TensorInfo {
  return runWasmKernel(backend, 'Transpose', { x }, { perm });
}

/**
 * Pads (positive amounts) or crops (negative amounts) the two spatial axes of an NHWC tensor, so
 * callers can state the window they need without caring which side of zero it falls on.
 */
export function padOrCrop2D(backend: KernelBackend, x: TensorInfo, pads: Pads2D): TensorInfo {
  const [b, h, w, c] = x.shape as [number, number, number, number];
  const [[top, bottom], [left, right]] = pads;
  let current = x;
  if (top > 0 || bottom > 0 || left > 0 || right > 0) {
    const paddings = [
      [0, 0],
      [Math.max(0, top), Math.max(0, bottom)],
      [Math.max(0, left), Math.max(0, right)],
      [0, 0],
    ];
    current = runWasmKernel(backend, 'PadV2', { x: current }, { paddings, constantValue: 0 });
  }
  if (top < 0 || bottom < 0 || left < 0 || right < 0) {
    const ph = current.shape[1] as number;
    const pw = current.shape[2] as number;
    const begin = [0, Math.max(0, -top), Math.max(0, -left), 0];
    const size = [b, ph - begin[1]! - Math.max(0, -bottom), pw - begin[2]! - Math.max(0, -right), c];
    const sliced = runWasmKernel(backend, 'Slice', { x: current }, { begin, size });
    if (current !== x) disposeInfos(backend, current);
    current = sliced;
  }
  if (current === x) return reshapeInfo(backend, x, [b, h, w, c]);
  return current;
}
