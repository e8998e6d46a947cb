import {
  LR_SCHEDULES,
  MONITORS,
  OPTIMIZERS,
  type LrScheduleId,
  type OptimizerId,
} from '../catalogue/identifiers';
import type { JsonValue } from '../document/types';
import { CompileError, type EarlyStoppingConfig, type OptimizerConfig } from './types';

/* Reading the Optimizer node needs no tfjs, so exports (PyTorch) share it with the compiler. */

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
