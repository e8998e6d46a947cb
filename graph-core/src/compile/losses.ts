import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LossId } from '../catalogue/identifiers';
import { crossentropy, fusedCrossentropyAvailable } from '../kernels/wasm-crossentropy';
import type { LabelEncoding, LossFn } from './types';

/** Keras' fuzz factor: keeps log() away from 0 for saturated outputs. */
const EPS = 1e-7;

const lastAxisMean = (t: Tensor) => tf.mean(t, -1);

let fusedCrossentropy = true;

/** Turns the one-kernel crossentropy on wasm off (false) or on again; for measuring before/after. Returns the previous setting. */
export function setFusedCrossentropy(on: boolean): boolean {
  const before = fusedCrossentropy;
  fusedCrossentropy = on;
  return before;
}

/** Per-sample losses with Keras semantics (probabilities in, not logits); the batch mean is taken in `lossFunction`. */
function perSample(id: LossId, yTrue: Tensor, yPred: Tensor, delta: number): Tensor {
  switch (id) {
    case 'categoricalCrossentropy':
    case 'sparseCategoricalCrossentropy': {
      // On wasm lossFunction computes this and its batch mean as one kernel instead.
      const p = tf.clipByValue(tf.div(yPred, tf.sum(yPred, -1, true)), EPS, 1 - EPS);
      return tf.neg(tf.sum(tf.mul(yTrue, tf.log(p)), -1));
    }
    case 'binaryCrossentropy': {
      const p = tf.clipByValue(yPred, EPS, 1 - EPS);
      const ll = tf.add(tf.mul(yTrue, tf.log(p)), tf.mul(tf.sub(1, yTrue), tf.log(tf.sub(1, p))));
      return tf.neg(lastAxisMean(ll));
    }
    case 'meanSquaredError':
      return lastAxisMean(tf.squaredDifference(yTrue, yPred));
    case 'meanAbsoluteError':
      return lastAxisMean(tf.abs(tf.sub(yTrue, yPred)));
    case 'meanAbsolutePercentageError':
      return tf.mul(
        100,
        lastAxisMean(
          tf.abs(tf.div(tf.sub(yTrue, yPred), tf.clipByValue(tf.abs(yTrue), EPS, Number.MAX_VALUE))),
        ),
      );
    case 'meanSquaredLogarithmicError': {
      const a = tf.log1p(tf.clipByValue(yPred, EPS, Number.MAX_VALUE));
      const b = tf.log1p(tf.clipByValue(yTrue, EPS, Number.MAX_VALUE));
      return lastAxisMean(tf.squaredDifference(a, b));
    }
    case 'huber': {
      const err = tf.abs(tf.sub(yTrue, yPred));
      const quadratic = tf.minimum(err, delta);
      const linear = tf.sub(err, quadratic);
      return lastAxisMean(tf.add(tf.mul(0.5, tf.square(quadratic)), tf.mul(delta, linear)));
    }
    case 'logcosh': {
      const x = tf.sub(yPred, yTrue);
      return lastAxisMean(tf.sub(tf.add(x, tf.softplus(tf.mul(-2, x))), Math.log(2)));
    }
    case 'hinge':
    case 'squaredHinge': {
      // Keras turns 0/1 labels into -1/1 so hinge losses work with ordinary class labels.
      const signed = tf.sub(tf.mul(2, yTrue), 1);
      const margin = tf.relu(tf.sub(1, tf.mul(signed, yPred)));
      return lastAxisMean(id === 'hinge' ? margin : tf.square(margin));
    }
    case 'categoricalHinge': {
      const pos = tf.sum(tf.mul(yTrue, yPred), -1);
      const neg = tf.max(tf.mul(tf.sub(1, yTrue), yPred), -1);
      return tf.relu(tf.add(tf.sub(neg, pos), 1));
    }
    case 'kullbackLeiblerDivergence': {
      const t = tf.clipByValue(yTrue, EPS, 1);
      const p = tf.clipByValue(yPred, EPS, 1);
      return tf.sum(tf.mul(t, tf.log(tf.div(t, p))), -1);
    }
    case 'poisson':
      return lastAxisMean(tf.sub(yPred, tf.mul(yTrue, tf.log(tf.add(yPred, EPS)))));
    case 'cosineProximity': {
      const t = tf.div(yTrue, tf.maximum(tf.norm(yTrue, 'euclidean', -1, true), EPS));
      const p = tf.div(yPred, tf.maximum(tf.norm(yPred, 'euclidean', -1, true), EPS));
      return tf.neg(tf.sum(tf.mul(t, p), -1));
    }
    default: {
      const never: never = id;
      throw new Error(`unhandled loss ${String(never)}`);
    }
  }
}

/**
 * The batch-mean loss. Labels arrive in the encoding `labelEncodingFor` chose; integer labels
 * (sparse) are expanded to one-hot here so every loss shares one formula.
 */
export function lossFunction(
  id: LossId,
  options: { delta?: number; outputUnits: number; encoding: LabelEncoding },
): LossFn {
  const delta = options.delta ?? 1;
  return (yTrue, yPred) =>
    tf.tidy(() => {
      const target =
        options.encoding === 'index'
          ? tf.oneHot(tf.cast(tf.reshape(yTrue, [-1]), 'int32'), options.outputUnits)
          : yTrue;
      // float32 labels need no Cast kernel (a cast to the same dtype is a copy).
      const labels = target.dtype === 'float32' ? target : tf.cast(target, 'float32');
      // On wasm one crossentropy kernel each way computes perSample's formula and the batch mean
      // (kernels/wasm-crossentropy.ts).
      if (
        (id === 'categoricalCrossentropy' || id === 'sparseCategoricalCrossentropy') &&
        fusedCrossentropy &&
        fusedCrossentropyAvailable(labels, yPred)
      )
        return crossentropy(labels, yPred, EPS, true) as tf.Scalar;
      return tf.mean(perSample(id, labels, yPred, delta));
    });
}

export { labelEncodingFor } from './label-encoding';
