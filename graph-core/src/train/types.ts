import type { RunCost } from '../runs/schema';
import type { Optimizer } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { CompiledGraph } from '../compile/types';
import type { PreparedData } from '../data/pipeline';

export type RunStatus = 'completed' | 'stopped' | 'diverged' | 'failed';

/** The four numbers every run reports; `null` where they do not apply (no accuracy in regression, no validation split). */
export interface FinalMetrics {
  loss: number | null;
  acc: number | null;
  val_loss: number | null;
  val_acc: number | null;
}

/** One line of metrics.jsonl. */
export interface EpochMetrics extends FinalMetrics {
  /** 1-based. */
  epoch: number;
  /** Learning rate at the epoch's last batch. */
  lr: number;
  durationMs: number;
  /** Training samples per second, validation excluded. */
  samplesPerSec: number;
}

export interface BatchMetrics {
  /** 1-based epoch, 0-based batch within it. */
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  /** 0-based global batch index. */
  step: number;
  /** Mean over the batches since the previous report. */
  loss: number;
  acc: number | null;
  lr: number;
  samplesPerSec: number;
}

export interface TestMetrics {
  loss: number;
  acc: number | null;
  count: number;
}

export interface RunSummary {
  status: RunStatus;
  /** Why the run ended when it did not complete (diverged, failed, stopped early). */
  message?: string;
  /** What the user could change, for diverged and failed runs. */
  advice?: string;
  backend: string;
  durationMs: number;
  totalParams: number;
  final: FinalMetrics;
  test?: TestMetrics;
  /** Epochs fully trained. */
  epochs: number;
  /** Epochs asked for. */
  epochsPlanned: number;
  /** Set when early stopping ended the run. */
  stoppedEarly?: { epoch: number; monitor: string };
  seed: number;
  batchSize: number;
  samplesPerSec: number;
  dataset: { name: string; train: number; validation: number; test: number };
  startedAt: string;
  finishedAt: string;
  /**
   * From the user's request to the first batch's numbers (data loading, compiling and the backend
   * probe included); absent where the caller did not say when the run was asked for.
   */
  timeToFirstBatchMs?: number;
  /** From the user's request to the saved model and final summary; `durationMs` counts training only. */
  wallMs?: number;
  /** Params, FLOPs per sample and inference time per sample (runs since issue 17). */
  cost?: RunCost;
}

/** An optimizer's state as `getWeights()` gives it (tfjs does not export the element type). */
export type OptimizerWeights = Parameters<Optimizer['setWeights']>[0];

export interface CheckpointInfo {
  epoch: number;
  reason: 'interval' | 'stop';
}

export interface TrainOptions {
  compiled: CompiledGraph;
  data: PreparedData;
  /** Overrides the Optimizer's epochs / batch size (e.g. from the CLI). */
  epochs?: number;
  batchSize?: number;
  onEpochEnd?: (m: EpochMetrics) => void | Promise<void>;
  onBatchEnd?: (m: BatchMetrics) => void | Promise<void>;
  /**
   * Batches between reads of the loss from the backend. Each read is a sync (a GPU stall on
   * webgl); NaN detection happens at reads. Default: 1 with onBatchEnd, else 16.
   */
  reportEvery?: number;
  /** Checked before every batch: a stop takes effect within one batch. */
  shouldStop?: () => boolean;
  signal?: { readonly aborted: boolean };
  /** While true the loop waits between batches. */
  isPaused?: () => boolean;
  checkpointEvery?: number;
  /** `optimizer.getWeights()` gives its state (moments, iteration count) for a checkpoint that resumes exactly. */
  onCheckpoint?: (model: LayersModel, info: CheckpointInfo, optimizer: Optimizer) => Promise<void>;
  /**
   * Continue a run from a checkpoint taken after `epoch` epochs (the caller has loaded the model's
   * weights): epochs are numbered on from there, `epochs` stays the total, and with the saved
   * optimizer state the result matches an unbroken run on the same backend.
   */
  resume?: { epoch: number; optimizerWeights?: OptimizerWeights };
  /** Injectable for tests. */
  now?: () => number;
}

export interface TrainResult {
  summary: RunSummary;
  history: EpochMetrics[];
}
