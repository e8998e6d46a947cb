/**
 * The page's side of training: starts a worker per run on a snapshot of the graph, relays host
 * calls when the host is IPC-only, keeps the view state, and offers Stop / Pause / continue-on.
 */
import type { GraphDocument } from '../../../graph-core/src/document';
import { tokenFromLocation, type HostApi } from '../../../host/src/contract';
import { relayHostCall } from '../worker/hostRoute';
import {
  isBackendPick,
  type BackendPick,
  type HostRoute,
  type MainToWorker,
  type WorkerToMain,
} from '../worker/protocol';
import { initialTrainingState, isActive, reduce, type TrainingState } from './state';

export interface StartRequest {
  doc: GraphDocument;
  projectName: string;
  projectId: string | null;
  /** Groups the run under a sweep (its meta's sweepId) and names it after the variant. */
  sweep?: { sweepId: string; runName: string; variant?: { id: string; seed: number; repeat: number } };
}

const PICK_KEY = 'layerloom.backend';

/** `?wasmThreads=N` in the page's address: an advanced override of the worker's thread rule. */
export function wasmThreadsFromPage(search = globalThis.location?.search ?? ''): number | undefined {
  const asked = Number(new URLSearchParams(search).get('wasmThreads'));
  return Number.isInteger(asked) && asked >= 1 && asked <= 16 ? asked : undefined;
}

export class TrainingController {
  private state: TrainingState;
  private readonly listeners = new Set<() => void>();
  private worker: Worker | null = null;
  private predictor: Worker | null = null;
  private lastRequest: StartRequest | null = null;
  private nextPredict = 1;
  private readonly predictions = new Map<number, (m: Extract<WorkerToMain, { type: 'predicted' }>) => void>();

  constructor(
    private readonly host: HostApi,
    private readonly route: HostRoute,
    private readonly spawn: () => Worker,
  ) {
    // Auto (issue 8): the probe trains on whichever backend is fastest for this model here; on a
    // real GPU that is not always the GPU (tfjs-webgpu on an H200 ran the MNIST MLP at batch 64
    // slower than wasm on the same machine's CPU). A pick the user made is remembered.
    const saved = globalThis.localStorage?.getItem(PICK_KEY);
    this.state = initialTrainingState(isBackendPick(saved) ? saved : 'auto');
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): TrainingState => this.state;

  private set(next: TrainingState): void {
    if (next === this.state) return;
    this.state = next;
    for (const l of this.listeners) l();
  }

  setBackendPick(pick: BackendPick): void {
    globalThis.localStorage?.setItem(PICK_KEY, pick);
    this.set({ ...this.state, backendPick: pick, version: this.state.version + 1 });
  }

  get running(): boolean {
    return isActive(this.state.phase);
  }

  /**
   * Whether this page is training `runId` now. Until the worker names its new run folder every run
   * counts as possibly live, so a folder created a moment ago is not taken for a crashed one.
   */
  isTraining(runId: string): boolean {
    return this.running && (this.state.runId === null || this.state.runId === runId);
  }

  /** Trains a structured-clone snapshot of `doc`: later edits on the canvas cannot reach the run. */
  start(request: StartRequest, resumeFrom?: { runId: string; epoch: number }): void {
    if (this.running) return;
    const requestedAt = Date.now();
    this.worker?.terminate();
    this.lastRequest = request;
    this.set({ ...initialTrainingState(this.state.backendPick), phase: 'starting' });
    const worker = this.spawn();
    this.worker = worker;
    worker.onmessage = (e: MessageEvent<WorkerToMain>) => this.onMessage(worker, e.data);
    worker.onerror = (e) =>
      this.set(
        reduce(this.state, {
          type: 'error',
          message: `the training worker crashed: ${e.message}`,
          nodeId: null,
          runId: this.state.runId,
        }),
      );
    this.send(worker, {
      type: 'start',
      doc: request.doc,
      projectName: request.projectName,
      projectId: request.projectId,
      ...(request.sweep && { sweep: request.sweep }),
      backend: this.state.backendPick,
      ...(wasmThreadsFromPage() !== undefined && { wasmThreads: wasmThreadsFromPage() }),
      host: this.route,
      options: { checkpointEvery: 1, ...(resumeFrom && { resumeFrom }) },
      requestedAt,
    });
  }

  stop(): void {
    if (this.worker && this.running) this.send(this.worker, { type: 'stop' });
  }

  pause(): void {
    if (this.worker && this.running) this.send(this.worker, { type: 'pause' });
  }

  resume(): void {
    if (this.worker && this.running) this.send(this.worker, { type: 'resume' });
  }

  /** After a lost GPU: train the same snapshot on `backend`, from the last checkpoint when there is one. */
  continueOn(backend: 'wasm' | 'cpu'): void {
    const { runId, checkpointEpoch } = this.state;
    if (!this.lastRequest || this.running) return;
    this.setBackendPick(backend);
    this.start(
      this.lastRequest,
      runId && checkpointEpoch > 0 ? { runId, epoch: checkpointEpoch } : undefined,
    );
  }

  /** Test hook: loses the worker's WebGL context (WEBGL_lose_context). */
  debugLoseContext(): void {
    if (this.worker) this.send(this.worker, { type: 'debugLoseContext' });
  }

  predict(runId: string, pixels: Float32Array): Promise<{ probabilities: number[] | null; error?: string }> {
    this.predictor ??= this.makePredictor();
    const requestId = this.nextPredict++;
    return new Promise((resolve) => {
      this.predictions.set(requestId, resolve);
      this.send(this.predictor!, { type: 'predict', requestId, runId, pixels, host: this.route });
    });
  }

  private makePredictor(): Worker {
    const worker = this.spawn();
    worker.onmessage = (e: MessageEvent<WorkerToMain>) => this.onMessage(worker, e.data);
    return worker;
  }

  private send(worker: Worker, message: MainToWorker): void {
    worker.postMessage(message);
  }

  private onMessage(worker: Worker, message: WorkerToMain): void {
    if (message.type === 'hostCall') {
      void relayHostCall(this.host, message.op, message.args).then((envelope) =>
        this.send(worker, { type: 'hostReply', id: message.id, envelope }),
      );
      return;
    }
    if (message.type === 'predicted') {
      this.predictions.get(message.requestId)?.(message);
      this.predictions.delete(message.requestId);
      return;
    }
    if (worker !== this.worker) return;
    this.set(reduce(this.state, message));
    // Evaluation is the last thing a run sends; an error or a lost GPU ends it sooner.
    if (
      message.type === 'evaluation' ||
      message.type === 'error' ||
      (message.type === 'done' && message.contextLost)
    ) {
      this.retire(worker);
    }
    if (
      message.type === 'done' &&
      (message.summary.status === 'diverged' || message.summary.status === 'failed')
    ) {
      this.retire(worker);
    }
  }

  private retire(worker: Worker): void {
    // Let pending host writes finish: the worker already awaited them before its last message.
    worker.terminate();
    if (this.worker === worker) this.worker = null;
  }
}

/** How the worker should reach the host from this page. */
export function hostRouteFor(kind: 'electron' | 'server', location: Location): HostRoute {
  const token = kind === 'server' ? tokenFromLocation(location.search) : null;
  return token ? { kind: 'http', baseUrl: location.origin, token } : { kind: 'proxy' };
}
