/** The training view's state, updated from worker messages by a pure reducer (tested on its own). */
import type { EpochMetrics, RunSummary } from '../../../graph-core/src/train';
import type { DecisionBoundary, EvaluationReport } from '../../../graph-core/src/runs';
import type { ProbeEvent } from '../../../graph-core/src/backends';
import type { BackendInfo, BackendPick, NodeBadge, RunPhase, WorkerToMain } from '../worker/protocol';

export type TrainingPhase = 'idle' | RunPhase | 'done' | 'error';

/** Per-batch series, columnar for uPlot; grown in place (a new `version` tells views to redraw). */
export interface BatchSeries {
  step: number[];
  loss: number[];
  acc: (number | null)[];
  lr: number[];
}

export interface TrainingState {
  phase: TrainingPhase;
  backendPick: BackendPick;
  backend: BackendInfo | null;
  /** The backend probe's steps as they arrived (empty when the choice was remembered or named). */
  probeLog: ProbeEvent[];
  runId: string | null;
  epochsPlanned: number;
  batchesPerEpoch: number;
  trainCount: number;
  batches: BatchSeries;
  epochs: EpochMetrics[];
  samplesPerSec: number | null;
  /** Estimated ms left, from the recent speed. */
  etaMs: number | null;
  summary: RunSummary | null;
  error: { message: string; nodeId: string | null; field?: string } | null;
  contextLost: boolean;
  checkpointEpoch: number;
  badges: NodeBadge[];
  evaluation: EvaluationReport | null;
  /** The latest decision boundary drawn while this run trains (2-D classification data only). */
  boundary: { epoch: number; step: number; boundary: DecisionBoundary } | null;
  version: number;
}

export function initialTrainingState(backendPick: BackendPick = 'auto'): TrainingState {
  return {
    phase: 'idle',
    backendPick,
    backend: null,
    probeLog: [],
    runId: null,
    epochsPlanned: 0,
    batchesPerEpoch: 0,
    trainCount: 0,
    batches: { step: [], loss: [], acc: [], lr: [] },
    epochs: [],
    samplesPerSec: null,
    etaMs: null,
    summary: null,
    error: null,
    contextLost: false,
    checkpointEpoch: 0,
    badges: [],
    evaluation: null,
    boundary: null,
    version: 0,
  };
}

export function isActive(phase: TrainingPhase): boolean {
  return phase !== 'idle' && phase !== 'done' && phase !== 'error';
}

/** Applies one worker message. Host relay and predictions are the controller's business, not state. */
export function reduce(state: TrainingState, message: WorkerToMain): TrainingState {
  const next = { ...state, version: state.version + 1 };
  switch (message.type) {
    case 'phase':
      // 'evaluating' after 'done' must not make a finished run look active again.
      if (state.phase === 'done' && message.phase === 'evaluating') return state;
      return { ...next, phase: message.phase };
    case 'probe':
      return { ...next, probeLog: [...state.probeLog, message.event] };
    case 'backend':
      return { ...next, backend: message.info };
    case 'run':
      return {
        ...next,
        runId: message.runId,
        epochsPlanned: message.epochsPlanned,
        batchesPerEpoch: message.batchesPerEpoch,
        trainCount: message.trainCount,
        boundary: null,
      };
    case 'batches': {
      const b = state.batches;
      for (const p of message.points) {
        b.step.push(p.step + 1);
        b.loss.push(p.loss);
        b.acc.push(p.acc);
        b.lr.push(p.lr);
      }
      const last = message.points[message.points.length - 1];
      if (!last) return state;
      const stepsLeft = Math.max(0, state.epochsPlanned * last.batchesPerEpoch - (last.step + 1));
      const samplesPerSec = ema(state.samplesPerSec, last.samplesPerSec);
      const samplesLeft = (stepsLeft * state.trainCount) / Math.max(1, last.batchesPerEpoch);
      return {
        ...next,
        samplesPerSec,
        etaMs: samplesPerSec > 0 ? (samplesLeft / samplesPerSec) * 1000 : null,
      };
    }
    case 'epoch':
      return { ...next, epochs: [...state.epochs, message.metrics] };
    case 'badges':
      return { ...next, badges: message.badges };
    case 'boundary':
      return message.runId === state.runId
        ? { ...next, boundary: { epoch: message.epoch, step: message.step, boundary: message.boundary } }
        : state;
    case 'checkpoint':
      return { ...next, checkpointEpoch: message.epoch };
    case 'done':
      return {
        ...next,
        phase: 'done',
        runId: message.runId,
        summary: message.summary,
        contextLost: message.contextLost,
        checkpointEpoch: message.checkpointEpoch,
        badges: message.contextLost ? state.badges : [],
      };
    case 'evaluation':
      return message.runId === state.runId ? { ...next, evaluation: message.report } : state;
    case 'error':
      return {
        ...next,
        phase: 'error',
        error: {
          message: message.message,
          nodeId: message.nodeId,
          ...(message.field !== undefined && { field: message.field }),
        },
      };
    case 'predicted':
    case 'hostCall':
      return state;
  }
}

function ema(previous: number | null, value: number): number {
  return previous === null ? value : previous * 0.7 + value * 0.3;
}
