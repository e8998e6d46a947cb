import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { CompiledGraph, LabelEncoding } from '../compile/types';
import type { PreparedSplit } from '../data/pipeline';
import { fusedCorrectCount, fusedCorrectCountAvailable } from '../kernels/wasm-metrics';

/** A split living on the backend for the whole run, so batches are gathered there, not re-uploaded. */
export interface DeviceSplit {
  count: number;
  x: Tensor;
  y: Tensor;
}

export function uploadSplit(
  split: PreparedSplit,
  featureShape: readonly number[],
  encoding: LabelEncoding,
  outputUnits: number,
): DeviceSplit {
  const x = tf.tensor(split.x, [split.count, ...featureShape], 'float32');
  const y = tf.tidy(() => encodeLabels(split.y, encoding, outputUnits));
  return { count: split.count, x, y };
}

export function encodeLabels(labels: Float32Array, encoding: LabelEncoding, outputUnits: number): Tensor {
  switch (encoding) {
    case 'onehot':
      return tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), outputUnits), 'float32');
    case 'index':
      return tf.tensor1d(labels, 'float32');
    case 'value':
      return tf.tensor2d(labels, [labels.length, 1], 'float32');
    default: {
      const never: never = encoding;
      throw new Error(`unhandled label encoding ${String(never)}`);
    }
  }
}

let fusedCorrectCountOn = true;

/** Turns the one-kernel count on wasm off (false) or on again; for measuring before/after. Returns the previous setting. */
export function setFusedCorrectCount(on: boolean): boolean {
  const before = fusedCorrectCountOn;
  fusedCorrectCountOn = on;
  return before;
}

/** Number of correct predictions in a batch (a scalar), for any label encoding. */
export function correctCount(yTrue: Tensor, yPred: Tensor, encoding: LabelEncoding): Tensor {
  // On wasm one kernel counts what the ops below count (kernels/wasm-metrics.ts), instead of five.
  if (fusedCorrectCountOn && fusedCorrectCountAvailable(yTrue, yPred, encoding))
    return fusedCorrectCount(yTrue, yPred, encoding);
  return tf.tidy(() => {
    let hits: Tensor;
    if (encoding === 'value') {
      hits = tf.equal(tf.greater(tf.reshape(yPred, [-1]), 0.5), tf.greater(tf.reshape(yTrue, [-1]), 0.5));
    } else {
      const predicted = tf.argMax(yPred, -1);
      const truth = encoding === 'onehot' ? tf.argMax(yTrue, -1) : tf.cast(yTrue, 'int32');
      hits = tf.equal(predicted, truth);
    }
    return tf.sum(tf.cast(hits, 'float32'));
  });
}

export interface Evaluation {
  loss: number;
  acc: number | null;
  count: number;
}

/** Loss and accuracy over a whole split in inference mode (dropout off, batch-norm moving stats), one sync at the end. */
export async function evaluate(
  model: LayersModel,
  compiled: CompiledGraph,
  split: DeviceSplit,
  withAccuracy: boolean,
  batchSize = 512,
): Promise<Evaluation | null> {
  if (split.count === 0) return null;
  let lossSum: Tensor = tf.scalar(0);
  let correct: Tensor = tf.scalar(0);
  for (let start = 0; start < split.count; start += batchSize) {
    const size = Math.min(batchSize, split.count - start);
    const [nextLoss, nextCorrect] = tf.tidy(() => {
      const xb = tf.slice(split.x, start, size);
      const yb = tf.slice(split.y, start, size);
      const pred = model.apply(xb, { training: false }) as Tensor;
      const l = tf.add(lossSum, tf.mul(compiled.loss(yb, pred), size));
      const c = withAccuracy
        ? tf.add(correct, correctCount(yb, pred, compiled.labelEncoding))
        : correct.clone();
      return [l, c];
    });
    lossSum.dispose();
    correct.dispose();
    lossSum = nextLoss!;
    correct = nextCorrect!;
  }
  const packed = tf.stack([lossSum, correct]);
  const [l, c] = await packed.data();
  tf.dispose([packed, lossSum, correct]);
  return { loss: l! / split.count, acc: withAccuracy ? c! / split.count : null, count: split.count };
}
