import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import type { LossId, LrScheduleId, OptimizerId } from '../catalogue/identifiers';

/**
 * How labels must be fed to the loss:
 * - onehot: [batch, classes] of 0/1 (categoricalCrossentropy, hinge on several outputs, …)
 * - index:  [batch] class indices (sparseCategoricalCrossentropy)
 * - value:  [batch, 1] the label itself (regression, or one sigmoid output with 0/1 classes)
 */
export type LabelEncoding = 'onehot' | 'index' | 'value';

export type LossFn = (yTrue: Tensor, yPred: Tensor) => Scalar;

export interface EarlyStoppingConfig {
  patience: number;
  monitor: 'val_loss' | 'val_acc' | 'loss' | 'acc';
}

/** Everything the Optimizer node says about training, resolved and checked. */
export interface OptimizerConfig {
  optimizer: OptimizerId;
  learningRate: number;
  momentum: number;
  beta1: number;
  beta2: number;
  rho: number;
  epsilon: number;
  decay: LrScheduleId;
  decayRate: number;
  decaySteps: number;
  batchSize: number;
  epochs: number;
  earlyStopping: EarlyStoppingConfig | null;
  seed: number;
}

export interface CompiledGraph {
  model: LayersModel;
  lossId: LossId;
  loss: LossFn;
  optimizerConfig: OptimizerConfig;
  /** Metric names reported besides the loss ('acc' for classification losses). */
  metrics: string[];
  labelEncoding: LabelEncoding;
  /** Size of the model's last axis (classes for a classifier). */
  outputUnits: number;
  /** Dropout layers; the trainer reseeds them every batch so masks differ per batch yet repeat per seed. */
  dropoutLayers: { name: string; seed: number | undefined }[];
  /** Nodes whose layers started from carried (imported) weights rather than a fresh initialisation. */
  carried: string[];
  /** Forward FLOPs of one sample, summed over the layers with the catalogue's LAYER_FLOPS. */
  flopsPerSample: number;
}

/** A graph the compiler cannot turn into a model; names the node (and field) when one is at fault. */
export class CompileError extends Error {
  constructor(
    message: string,
    readonly nodeId: string | null,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CompileError';
  }
}
