import type { OptimizerId } from '../catalogue/identifiers';
import type { GraphAnalysis } from './types';

/** Extra float32 slots per weight that each optimizer keeps (moments, accumulators). */
const OPTIMIZER_SLOTS: Record<OptimizerId, number> = {
  sgd: 0,
  momentum: 1,
  rmsprop: 2,
  adam: 2,
  adamax: 2,
  adagrad: 1,
  adadelta: 2,
};

export const FLOAT_BYTES = 4;

/** Values per sample in the model's layer outputs (batch dimension left out). */
export function activationFloats(order: readonly string[], nodes: GraphAnalysis['nodes']): number {
  let activations = 0;
  for (const id of order) {
    const shape = nodes[id]?.outputShape;
    if (!shape) continue;
    let size = 1;
    for (let i = 1; i < shape.length; i++) size *= shape[i] ?? 1;
    activations += size;
  }
  return activations;
}

/**
 * A rough training-memory estimate for the status bar: weights, their gradients and optimizer
 * slots, plus every model activation and its gradient for one batch. Backend overheads are left out.
 */
export function estimateMemoryBytes(
  analysis: GraphAnalysis,
  batchSize: number,
  optimizer: OptimizerId = 'adam',
): number {
  const weights = analysis.totalParams * (2 + OPTIMIZER_SLOTS[optimizer]);
  const activations = activationFloats(analysis.modelOrder, analysis.nodes);
  return (weights + 2 * activations * Math.max(1, batchSize)) * FLOAT_BYTES;
}
