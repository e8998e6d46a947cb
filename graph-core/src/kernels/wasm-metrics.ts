// A training batch's number of correct predictions as one wasm kernel. train/tensors.ts's
// correctCount composes ArgMax (twice for one-hot labels), Equal, Cast and Sum: five engine
// kernels per training step on a [batch, classes] tensor of a few hundred numbers, each with the
// engine's bookkeeping. This kernel reads both tensors once from the heap and writes the count.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelArgs, WasmHeapAccess } from './wasm-kernel-calls';

/** Correct predictions (a float32 scalar) from yTrue and yPred; attr `encoding`: 'onehot' | 'index' | 'value'. */
export const CORRECT_COUNT_KERNEL = 'LayerloomCorrectCount';

export type CountEncoding = 'onehot' | 'index' | 'value';

/** Index of the first largest value of row [at, at + n), as tfjs's ArgMax (NaN is never larger). */
function argMax(v: Float32Array, at: number, n: number): number {
  let best = v[at]!;
  let index = 0;
  for (let i = 1; i < n; i++) {
    const x = v[at + i]!;
    if (x > best) {
      best = x;
      index = i;
    }
  }
  return index;
}

/** The count over heap views; `classes` is yPred's last axis. */
export function countCorrect(
  yTrue: Float32Array,
  yPred: Float32Array,
  classes: number,
  encoding: CountEncoding,
): number {
  let correct = 0;
  if (encoding === 'value') {
    // greater(pred, 0.5) == greater(true, 0.5) element by element, both flattened.
    for (let i = 0; i < yPred.length; i++) if (yPred[i]! > 0.5 === yTrue[i]! > 0.5) correct++;
    return correct;
  }
  const rows = classes > 0 ? yPred.length / classes : 0;
  for (let r = 0; r < rows; r++) {
    const predicted = argMax(yPred, r * classes, classes);
    // Sparse labels go through cast(yTrue, 'int32'): truncation toward zero.
    const truth = encoding === 'onehot' ? argMax(yTrue, r * classes, classes) : Math.trunc(yTrue[r]!);
    if (predicted === truth) correct++;
  }
  return correct;
}

function correctCountKernel(args: KernelArgs): TensorInfo {
  const { yTrue, yPred } = args.inputs;
  if (yTrue === undefined || yPred === undefined) throw new Error('correct count needs yTrue and yPred');
  const encoding = args.attrs?.['encoding'] as CountEncoding;
  const heap = args.backend as unknown as WasmHeapAccess<Float32Array>;
  const out = heap.makeOutput([], 'float32');
  // Views after makeOutput: growing the heap detaches older ones.
  const [Y, P, C] = [yTrue, yPred, out].map((t) => heap.typedArrayFromHeap(t)) as Float32Array[];
  C![0] = countCorrect(Y!, P!, yPred.shape[yPred.shape.length - 1] ?? 1, encoding);
  return out;
}

export const METRIC_KERNELS: ReadonlyArray<readonly [string, KernelFunc]> = [
  [CORRECT_COUNT_KERNEL, correctCountKernel as unknown as KernelFunc],
];

/** Whether {@link correctCountKernel} can count this batch now (wasm, float32, shapes as correctCount expects). */
export function fusedCorrectCountAvailable(yTrue: Tensor, yPred: Tensor, encoding: CountEncoding): boolean {
  if (tf.getBackend() !== 'wasm' || tf.getKernel(CORRECT_COUNT_KERNEL, 'wasm') === undefined) return false;
  if (yTrue.dtype !== 'float32' || yPred.dtype !== 'float32' || yPred.rank < 1) return false;
  if (encoding === 'value') return yTrue.size === yPred.size;
  const classes = yPred.shape[yPred.rank - 1]!;
  if (classes < 1) return false;
  if (encoding === 'onehot') return yTrue.shape.join() === yPred.shape.join();
  // index: one label per row of yPred.
  return yTrue.shape.join() === yPred.shape.slice(0, -1).join();
}

/** The kernel's count as a float32 scalar tensor (no gradient: labels and argmax are not differentiable). */
export function fusedCorrectCount(yTrue: Tensor, yPred: Tensor, encoding: CountEncoding): Tensor {
  return tf.engine().runKernel(CORRECT_COUNT_KERNEL, { yTrue, yPred }, { encoding }) as Tensor;
}
