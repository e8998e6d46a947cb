/**
 * The typed message protocol between the main thread and the training worker. Both sides switch
 * over `type` and end in an exhaustiveness check, so a message added on one side fails to compile
 * until the other handles it.
 */
import type { GraphDocument } from '../../../graph-core/src/document';
import type { BatchMetrics, EpochMetrics, RunSummary } from '../../../graph-core/src/train';
import type { BackendProbe, ProbeEvent } from '../../../graph-core/src/backends';
import type { Envelope, OpName } from '../../../host/src/contract';
import type { DecisionBoundary, EvaluationReport } from '../../../graph-core/src/runs';

export const BACKEND_PICKS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendPick = (typeof BACKEND_PICKS)[number];

export const isBackendPick = (value: unknown): value is BackendPick =>
  (BACKEND_PICKS as readonly unknown[]).includes(value);

/** How the worker reaches the host: straight over HTTP (browser), or through the page (Electron IPC). */
export type HostRoute = { kind: 'http'; baseUrl: string; token: string } | { kind: 'proxy' };

export interface StartOptions {
  /** Epochs between checkpoints (a checkpoint is also written at stop). */
  checkpointEvery: number;
  /** Continue from a run's checkpoint: its weights and the epochs it had left. */
  resumeFrom?: { runId: string; epoch: number };
}

export type MainToWorker =
  | {
      type: 'start';
      doc: GraphDocument;
      projectName: string;
      projectId: string | null;
      /** Set for sweep variants: the run folder's meta names the sweep and the variant. */
      sweep?: { sweepId: string; runName: string; variant?: { id: string; seed: number; repeat: number } };
      backend: BackendPick;
      /** wasm threads asked for with the page's `?wasmThreads=N`; else the worker's own rule. */
      wasmThreads?: number;
      host: HostRoute;
      options: StartOptions;
      /** When the user asked for the run (epoch ms): the summary's time to first batch and wall time. */
      requestedAt?: number;
    }
  | { type: 'stop' }
  | { type: 'pause' }
  | { type: 'resume' }
  /** Debug hook for tests: loses the WebGL context the way a GPU reset would. */
  | { type: 'debugLoseContext' }
  | { type: 'predict'; requestId: number; runId: string; pixels: Float32Array; host: HostRoute }
  | { type: 'hostReply'; id: number; envelope: Envelope<unknown> };

export type RunPhase = 'starting' | 'loading' | 'compiling' | 'training' | 'paused' | 'evaluating' | 'saving';

export type NodeBadgeKind = 'deadRelu' | 'saturated' | 'exploding' | 'vanishing';
export interface NodeBadge {
  nodeId: string;
  kind: NodeBadgeKind;
  /** Share of units (0..1) for activation badges; the gradient norm for gradient badges. */
  value: number;
  message: string;
}

export interface BackendInfo {
  backend: string;
  /** WEBGL_debug_renderer_info's unmasked renderer, or the backend's own description. */
  renderer: string;
  /** Why a faster backend was not used, shown to the user; null when the pick was used as is. */
  fallbackReason: string | null;
  /** How the backend was picked and, on wasm, how many threads train (the summary's `backendReason`, as the CLI's). */
  reason: string;
  probes: BackendProbe[];
  /** The probe numbers were remembered from an earlier run on this machine, not measured now. */
  probeCached?: boolean;
}

export type WorkerToMain =
  | { type: 'phase'; phase: RunPhase }
  /** The backend probe as it goes: which backend is being timed, then its ms per step. */
  | { type: 'probe'; event: ProbeEvent }
  | { type: 'backend'; info: BackendInfo }
  | { type: 'run'; runId: string; epochsPlanned: number; batchesPerEpoch: number; trainCount: number }
  | { type: 'batches'; points: BatchMetrics[] }
  | { type: 'epoch'; metrics: EpochMetrics }
  | { type: 'badges'; badges: NodeBadge[] }
  /** The decision boundary as the model stands mid-run (2-D classification data), a few times a second. */
  | { type: 'boundary'; runId: string; epoch: number; step: number; boundary: DecisionBoundary }
  | { type: 'checkpoint'; epoch: number }
  | {
      type: 'done';
      runId: string;
      summary: RunSummary;
      /** Set when the GPU went away: the run stopped and may continue on another backend. */
      contextLost: boolean;
      /** The last checkpoint on disk (0 = none). */
      checkpointEpoch: number;
    }
  | { type: 'evaluation'; runId: string; report: EvaluationReport }
  /** Training could not start or crashed; names the node (and field) when one is at fault. */
  | { type: 'error'; message: string; nodeId: string | null; field?: string; runId: string | null }
  | { type: 'predicted'; requestId: number; probabilities: number[] | null; error?: string }
  | { type: 'hostCall'; id: number; op: OpName; args: unknown };

export function assertNever(value: never): never {
  throw new Error(`unhandled message ${JSON.stringify(value)}`);
}
