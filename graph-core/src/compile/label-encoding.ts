import type { LossId } from '../catalogue/identifiers';
import type { Task } from '../data/types';
import type { LabelEncoding } from './types';

/** One-hot for multi-output classifiers, indices for the sparse loss, the value itself otherwise. */
export function labelEncodingFor(id: LossId, task: Task, outputUnits: number): LabelEncoding {
  if (task === 'regression') return 'value';
  if (id === 'sparseCategoricalCrossentropy') return 'index';
  return outputUnits === 1 ? 'value' : 'onehot';
}
