// Categorical crossentropy on probabilities (Keras semantics: p / Σp, clipped to [ε, 1 − ε], then
// −Σ y·log) as one wasm kernel each way. compile/losses.ts computes it with ~8 tfjs ops forward and
// ~14 backward (normalise, clip, log, multiply, sum and their gradients), each a kernel with engine
// bookkeeping on a [batch, classes] tensor of a few hundred numbers: a tenth of an MLP step's kernels.
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs';
import type { KernelArgs, WasmHeapAccess } from './wasm-kernel-calls';

/**
 * Per-sample loss [batch] from yTrue and yPred [batch, classes]; attrs `epsilon` and `mean`
 * (true: the batch mean as a scalar, what compile/losses.ts's tf.mean of it gives, one kernel
 * instead of Mean forward and Reshape/Multiply/RealDiv back).
 */
export const CROSSENTROPY_KERNEL = 'LayerloomCrossentropy';
/** d loss / d yPred [batch, classes] from dy ([batch], or a scalar with `mean`), yTrue and yPred; attrs as above. */
export const CROSSENTROPY_GRAD_KERNEL = 'LayerloomCrossentropyGrad';

function heapOf(args: KernelArgs) {
  const { yTrue, yPred } = args.inputs;
  if (yTrue === undefined || yPred === undefined) throw new Error('crossentropy needs yTrue and yPred');
  const heap = args.backend as unknown as WasmHeapAccess<Float32Array>;
  const classes = yPred.shape[yPred.shape.length - 1]!;
  const rows = yPred.shape.slice(0, -1).reduce((p, d) => p * d, 1);
  const epsilon = (args.attrs?.['epsilon'] as number | undefined) ?? 1e-7;
  // Float32 bounds, as tfjs's clipByValue compares float32 values.
  const lo = Math.fround(epsilon);
  const hi = Math.fround(1 - epsilon);
  const mean = args.attrs?.['mean'] === true;
  return { heap, yTrue, yPred, classes, rows, lo, hi, mean };
}

function crossentropyKernel(args: KernelArgs): TensorInfo {
  const { heap, yTrue, yPred, classes, rows, lo, hi, mean } = heapOf(args);
  const out = heap.makeOutput(mean ? [] : yPred.shape.slice(0, -1), 'float32');
  const [Y, P, out32] = [yTrue, yPred, out].map((t) => heap.typedArrayFromHeap(t)) as Float32Array[];
  // With `mean` the per-sample losses go to a scratch array, then are averaged as wasm's Mean
  // does (a float32 running sum in row order, divided by the count).
  const L = mean ? new Float32Array(rows) : out32!;
  for (let r = 0, o = 0; r < rows; r++, o += classes) {
    let s = 0;
    for (let i = 0; i < classes; i++) s += P![o + i]!;
    s = Math.fround(s);
    let loss = 0;
    for (let i = 0; i < classes; i++) {
      const q = Math.fround(P![o + i]! / s);
      loss += Y![o + i]! * Math.log(q < lo ? lo : q > hi ? hi : q);
    }
    L[r] = -loss;
  }
  if (mean) {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum = Math.fround(sum + L[r]!);
    out32![0] = sum / rows;
  }
  return out;
}

function crossentropyGradKernel(args: KernelArgs): TensorInfo {
  const { heap, yTrue, yPred, classes, rows, lo, hi, mean } = heapOf(args);
  const dy = args.inputs['dy']!;
  const out = heap.makeOutput(yPred.shape.slice(), 'float32');
  const [DY, Y, P, D] = [dy, yTrue, yPred, out].map((t) => heap.typedArrayFromHeap(t)) as Float32Array[];
  // The mean's gradient reaches every row as dy / rows in float32 (tfjs's mean gradient).
  const rowDy = mean ? Math.fround(DY![0]! / rows) : 0;
  for (let r = 0, o = 0; r < rows; r++, o += classes) {
    const dyr = mean ? rowDy : DY![r]!;
    let s = 0;
    for (let i = 0; i < classes; i++) s += P![o + i]!;
    s = Math.fround(s);
    // g = d loss / d q (zero where the clip held q at a bound, as tfjs's clipByValue gradient);
    // q = p / s gives d loss / d p_k = (g_k − Σ g·q) / s.
    let gq = 0;
    for (let i = 0; i < classes; i++) {
      const q = Math.fround(P![o + i]! / s);
      const g = q >= lo && q <= hi ? (-dyr * Y![o + i]!) / q : 0;
      D![o + i] = g;
      gq += g * q;
    }
    for (let i = 0; i < classes; i++) D![o + i] = (D![o + i]! - gq) / s;
  }
  return out;
}

export const CROSSENTROPY_KERNELS: ReadonlyArray<readonly [string, KernelFunc]> = [
  [CROSSENTROPY_KERNEL, crossentropyKernel as unknown as KernelFunc],
  [CROSSENTROPY_GRAD_KERNEL, crossentropyGradKernel as unknown as KernelFunc],
];

const gradient: GradConfig = {
  kernelName: CROSSENTROPY_KERNEL,
  inputsToSave: ['yTrue', 'yPred'],
  gradFunc: (dy, saved, attrs) => {
    const [yTrue, yPred] = saved as [Tensor, Tensor];
    const epsilon = attrs['epsilon'] as number;
    const mean = attrs['mean'] === true;
    return {
      yPred: () =>
        tf
          .engine()
          .runKernel(
            CROSSENTROPY_GRAD_KERNEL,
            { dy: dy as Tensor, yTrue, yPred },
            { epsilon, mean },
          ) as Tensor,
      // Labels are data, so this is never asked for in training; the same formula as the ops'.
      yTrue: () => {
        const p = tf.clipByValue(tf.div(yPred, tf.sum(yPred, -1, true)), epsilon, 1 - epsilon);
        const rows = tf.onesLike(tf.sum(yPred, -1));
        const perRow = mean ? tf.mul(rows, tf.div(dy as Tensor, rows.size)) : (dy as Tensor);
        return tf.neg(tf.mul(tf.expandDims(perRow, -1), tf.log(p)));
      },
    };
  },
};

let gradientRegistered = false;

export function registerCrossentropyGradient(): void {
  if (gradientRegistered) return;
  gradientRegistered = true;
  tf.registerGradient(gradient);
}

/** Whether {@link crossentropy} runs as the fused kernel now (wasm, float32 [.., classes] of one shape). */
export function fusedCrossentropyAvailable(yTrue: Tensor, yPred: Tensor): boolean {
  return (
    tf.getBackend() === 'wasm' &&
    tf.getKernel(CROSSENTROPY_KERNEL, 'wasm') !== undefined &&
    yPred.dtype === 'float32' &&
    yTrue.dtype === 'float32' &&
    yPred.rank >= 1 &&
    yTrue.shape.join() === yPred.shape.join()
  );
}

/**
 * −Σ yTrue·log(clip(yPred / Σ yPred, ε, 1 − ε)) over the last axis (`mean`: its mean over every
 * row, a scalar); differentiable in yPred.
 */
export function crossentropy(yTrue: Tensor, yPred: Tensor, epsilon: number, mean = false): Tensor {
  return tf.engine().runKernel(CROSSENTROPY_KERNEL, { yTrue, yPred }, { epsilon, mean }) as Tensor;
}
