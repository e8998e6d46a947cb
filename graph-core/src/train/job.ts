/**
 * The one job driver: trains a compiled graph into a run folder through a RunSink. The CLI and the
 * app's worker both call it; they differ only in how they compile, pick a backend and show
 * progress. Files, in order: summary.json (`running`), one metrics line per epoch, checkpoint/ +
 * checkpoint.json every N epochs and at stop, model/, summary.json (final), evaluation.json.
 */
import * as tf from '@tensorflow/tfjs';
import type { Optimizer } from '@tensorflow/tfjs';
import type { CompiledGraph } from '../compile/types';
import type { PreparedData } from '../data/pipeline';
import { RUN_FILES } from '../runs/files';
import type { EvaluationReport } from '../runs/evaluation-types';
import { measureLatency, staticCost } from './cost';
import { evaluateRun } from './evaluate';
import { trainModel } from './loop';
import { modelFiles, type RunSink } from './run-sink';
import type { BatchMetrics, EpochMetrics, OptimizerWeights, RunSummary } from './types';

export type JobPhase = 'training' | 'saving' | 'evaluating';

export interface RunJobOptions {
  compiled: CompiledGraph;
  data: PreparedData;
  sink: RunSink;
  /** Fields added to every summary.json: how the backend was picked, and the trainer's own. */
  extras: Record<string, unknown>;
  /** Overrides the Optimizer's epochs (a resumed run trains at least one more). */
  epochs?: number;
  checkpointEvery: number;
  resume?: { epoch: number; optimizerWeights?: OptimizerWeights };
  reportEvery?: number;
  shouldStop?: () => boolean;
  isPaused?: () => boolean;
  onPhase?: (phase: JobPhase) => void;
  onBatch?: (m: BatchMetrics) => void | Promise<void>;
  onEpoch?: (m: EpochMetrics) => void | Promise<void>;
  onCheckpoint?: (epoch: number) => void;
  /** Settles when the backend is gone (a lost WebGL context): the run ends `stopped` at once. */
  lost?: Promise<void>;
  /** False once the weights cannot be read back (after a lost context): no more saves. */
  canSave?: () => boolean;
  /** The final summary, before the evaluation (the app shows the result at once). */
  onDone?: (summary: RunSummary, info: { checkpointEpoch: number; lost: boolean }) => void;
  /** Default true: evaluation.json after a run that completed or was stopped. */
  evaluate?: boolean;
  onEvaluation?: (report: EvaluationReport) => void;
  /**
   * When the user asked for the run (epoch ms), before data loading, compiling and any backend
   * probe: the summary then says how long the first batch took to arrive and the whole wall time.
   */
  requestedAt?: number;
  now?: () => number;
}

export interface RunJobResult {
  summary: RunSummary;
  checkpointEpoch: number;
  lost: boolean;
  evaluation: EvaluationReport | null;
}

/** An optimizer that has not stepped yet has no state to save (Adam's getWeights would throw). */
async function optimizerState(optimizer: Optimizer): Promise<OptimizerWeights | null> {
  try {
    return await optimizer.getWeights();
  } catch {
    return null;
  }
}

export async function runTrainingJob(opts: RunJobOptions): Promise<RunJobResult> {
  const { compiled, data, sink, extras } = opts;
  const canSave = opts.canSave ?? (() => true);
  const epochs = opts.epochs ?? compiled.optimizerConfig.epochs;
  const clock = timing(opts.requestedAt, opts.now ?? (() => Date.now()));
  const base = {
    status: 'running' as const,
    backend: tf.getBackend(),
    totalParams: compiled.model.countParams(),
    startedAt: new Date().toISOString(),
  };
  await sink.writeJson(RUN_FILES.summary, { ...base, ...extras });
  const history: EpochMetrics[] = [];
  let checkpointEpoch = 0;
  opts.onPhase?.('training');
  const training = trainModel({
    compiled,
    data,
    epochs,
    ...(opts.resume && { resume: opts.resume }),
    ...(opts.reportEvery !== undefined && { reportEvery: opts.reportEvery }),
    checkpointEvery: opts.checkpointEvery,
    ...(opts.shouldStop && { shouldStop: opts.shouldStop }),
    ...(opts.isPaused && { isPaused: opts.isPaused }),
    ...(opts.onBatch && {
      onBatchEnd: (m: BatchMetrics) => {
        clock.firstBatch();
        return opts.onBatch!(m);
      },
    }),
    onEpochEnd: async (m) => {
      clock.firstBatch();
      history.push(m);
      await sink.appendMetrics(m);
      await opts.onEpoch?.(m);
    },
    onCheckpoint: async (model, c, optimizer) => {
      // After a lost context the weights cannot be read back: the previous checkpoint stays.
      if (!canSave() || c.epoch === 0) return;
      const optimizerWeights = await optimizerState(optimizer);
      const files = await modelFiles(model, {
        optimizer: optimizerWeights,
        epoch: c.epoch,
        reason: c.reason,
      });
      await sink.writeModel('checkpoint', files);
      await sink.writeJson(RUN_FILES.checkpointInfo, {
        epoch: c.epoch,
        reason: c.reason,
        savedAt: new Date().toISOString(),
      });
      checkpointEpoch = c.epoch;
      opts.onCheckpoint?.(c.epoch);
    },
  });
  // A lost WebGL context can leave a GPU read waiting forever, so the loss wins the race.
  const result = await (opts.lost ? Promise.race([training, opts.lost.then(() => null)]) : training);
  if (result === null) {
    const summary = {
      ...lostSummary(base, history, compiled, data, epochs),
      ...clock.fields(),
      cost: staticCost(compiled),
    };
    await sink.writeJson(RUN_FILES.summary, { ...summary, ...extras });
    opts.onDone?.(summary, { checkpointEpoch, lost: true });
    return { summary, checkpointEpoch, lost: true, evaluation: null };
  }
  opts.onPhase?.('saving');
  const trained = result.summary.status !== 'failed' && result.summary.status !== 'diverged';
  if (trained) await sink.writeModel('model', await modelFiles(compiled.model));
  const cost = {
    ...staticCost(compiled),
    ...(trained && (await measureLatency(compiled, data))),
  };
  const summary: RunSummary = { ...result.summary, ...clock.fields(), cost };
  await sink.writeJson(RUN_FILES.summary, { ...summary, ...extras });
  opts.onDone?.(summary, { checkpointEpoch, lost: false });
  let evaluation: EvaluationReport | null = null;
  if ((opts.evaluate ?? true) && (summary.status === 'completed' || summary.status === 'stopped')) {
    opts.onPhase?.('evaluating');
    evaluation = await evaluateRun(compiled, data);
    await sink.writeJson(RUN_FILES.evaluation, evaluation);
    opts.onEvaluation?.(evaluation);
  }
  return { summary, checkpointEpoch, lost: false, evaluation };
}

/** Time to the first batch and the whole wall time, both from the user's request, when it is known. */
function timing(requestedAt: number | undefined, now: () => number) {
  let firstBatchAt: number | null = null;
  return {
    firstBatch: () => void (firstBatchAt ??= now()),
    fields: (): Pick<RunSummary, 'timeToFirstBatchMs' | 'wallMs'> => {
      if (requestedAt === undefined) return {};
      return {
        ...(firstBatchAt !== null && { timeToFirstBatchMs: firstBatchAt - requestedAt }),
        wallMs: now() - requestedAt,
      };
    },
  };
}

function lostSummary(
  base: { backend: string; totalParams: number; startedAt: string },
  history: EpochMetrics[],
  compiled: CompiledGraph,
  data: PreparedData,
  epochsPlanned: number,
): RunSummary {
  const last = history[history.length - 1];
  const durationMs = Date.now() - Date.parse(base.startedAt);
  return {
    status: 'stopped',
    message: 'The GPU context was lost (WebGL): training stopped.',
    advice:
      'Continue on wasm or cpu from the last checkpoint, or close other GPU-heavy apps and train again.',
    backend: base.backend,
    durationMs,
    totalParams: base.totalParams,
    final: last
      ? { loss: last.loss, acc: last.acc, val_loss: last.val_loss, val_acc: last.val_acc }
      : { loss: null, acc: null, val_loss: null, val_acc: null },
    epochs: history.length,
    epochsPlanned,
    seed: compiled.optimizerConfig.seed,
    batchSize: compiled.optimizerConfig.batchSize,
    samplesPerSec: durationMs > 0 ? (history.length * data.train.count * 1000) / durationMs : 0,
    dataset: {
      name: data.name,
      train: data.train.count,
      validation: data.validation.count,
      test: data.test.count,
    },
    startedAt: base.startedAt,
    finishedAt: new Date().toISOString(),
  };
}
