import * as tf from '@tensorflow/tfjs-core';
import type { Optimizer } from '@tensorflow/tfjs-core';
import { FusedAdamOptimizer } from './fused-adam';
import type { OptimizerConfig } from './types';

export { readOptimizerConfig } from './optimizer-config';

export function createOptimizer(c: OptimizerConfig): Optimizer {
  switch (c.optimizer) {
    case 'sgd':
      return tf.train.sgd(c.learningRate);
    case 'momentum':
      return tf.train.momentum(c.learningRate, c.momentum);
    case 'rmsprop':
      return tf.train.rmsprop(c.learningRate, c.rho, c.momentum, c.epsilon);
    case 'adam':
      // tfjs's Adam where the backend lacks the fused update, one kernel per variable where it has it.
      return new FusedAdamOptimizer(c.learningRate, c.beta1, c.beta2, c.epsilon);
    case 'adamax':
      return tf.train.adamax(c.learningRate, c.beta1, c.beta2, c.epsilon);
    case 'adagrad':
      return tf.train.adagrad(c.learningRate);
    case 'adadelta':
      return tf.train.adadelta(c.learningRate, c.rho, c.epsilon);
    default: {
      const never: never = c.optimizer;
      throw new Error(`unhandled optimizer ${String(never)}`);
    }
  }
}

/** Learning rate for a 0-based global batch index. */
export function learningRateAt(c: OptimizerConfig, step: number): number {
  const lr = c.learningRate;
  switch (c.decay) {
    case 'none':
      return lr;
    case 'exponential':
      return lr * Math.pow(c.decayRate, step / c.decaySteps);
    case 'step':
      return lr * Math.pow(c.decayRate, Math.floor(step / c.decaySteps));
    case 'cosine':
      return lr * 0.5 * (1 + Math.cos((Math.PI * Math.min(step, c.decaySteps)) / c.decaySteps));
    default: {
      const never: never = c.decay;
      throw new Error(`unhandled schedule ${String(never)}`);
    }
  }
}

/**
 * tfjs optimizers read `learningRate` on every update; SGD (and Momentum, its subclass) cache it as
 * a tensor and must be told through setLearningRate.
 */
export function setLearningRate(optimizer: Optimizer, lr: number): void {
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (o.learningRate === lr) return;
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}
