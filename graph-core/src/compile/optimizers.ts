import * as tf from '@tensorflow/tfjs-core';
import type { Optimizer } from '@tensorflow/tfjs-core';
import {
  LR_SCHEDULES,
  MONITORS,
  OPTIMIZERS,
  type LrScheduleId,
  type OptimizerId,
} from '../catalogue/identifiers';
import type { JsonValue } from '../document/types';
import { FusedAdamOptimizer } from './fused-adam';
import { CompileError, type EarlyStoppingConfig, type OptimizerConfig } from './types';

type Params = Record<string, JsonValue>;

function oneOf<T extends string>(id: string, p: Params, name: string, options: readonly T[]): T {
  const v = p[name];
  if (typeof v === 'string' && (options as readonly string[]).includes(v)) return v as T;
  throw new CompileError(`Optimizer "${id}": ${name} must be one of ${options.join(', ')}.`, id, name);
}

function positive(id: string, p: Params, name: string, allowZero = false): number {
  const v = p[name];
  if (typeof v === 'number' && Number.isFinite(v) && (allowZero ? v >= 0 : v > 0)) return v;
  throw new CompileError(
    `Optimizer "${id}": ${name} must be a number ${allowZero ? 'of at least 0' : 'above 0'}, not ${JSON.stringify(v)}.`,
    id,
    name,
  );
}

function earlyStopping(id: string, v: JsonValue | undefined): EarlyStoppingConfig | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || Array.isArray(v))
    throw new CompileError(
      `Optimizer "${id}": earlyStopping must be { patience, monitor }.`,
      id,
      'earlyStopping',
    );
  return {
    patience: Math.floor(positive(id, v, 'patience', true)),
    monitor: oneOf(id, v, 'monitor', MONITORS),
  };
}

/** Reads resolved Optimizer params (catalogue defaults filled in) into a checked config. */
export function readOptimizerConfig(id: string, p: Params): OptimizerConfig {
  return {
    optimizer: oneOf<OptimizerId>(id, p, 'optimizer', OPTIMIZERS),
    learningRate: positive(id, p, 'learningRate'),
    momentum: positive(id, p, 'momentum', true),
    beta1: positive(id, p, 'beta1', true),
    beta2: positive(id, p, 'beta2', true),
    rho: positive(id, p, 'rho', true),
    epsilon: positive(id, p, 'epsilon'),
    decay: oneOf<LrScheduleId>(id, p, 'decay', LR_SCHEDULES),
    decayRate: positive(id, p, 'decayRate'),
    decaySteps: Math.floor(positive(id, p, 'decaySteps')),
    batchSize: Math.floor(positive(id, p, 'batchSize')),
    epochs: Math.floor(positive(id, p, 'epochs')),
    earlyStopping: earlyStopping(id, p['earlyStopping']),
    seed: Math.floor(positive(id, p, 'seed', true)),
  };
}

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
