/**
 * Runs a sweep in the app: variants one after another through the TrainingController, each a normal
 * run folder whose meta names the sweep; the SweepState is saved (sweeps/<id>/sweep.json) before
 * every step, so Stop and Resume — in this session or after a reload — run no variant twice.
 */
import { slug, timeStamp } from '../../../graph-core/src/runs';
import type { GraphDocument } from '../../../graph-core/src/document';
import {
  createSweepState,
  expandSweep,
  markDone,
  markInterrupted,
  markStarted,
  nextPending,
  parseSweepState,
  recoverSweep,
  serializeSweepState,
  variantGraph,
  type RunOutcome,
  type SweepIssue,
  type SweepState,
} from '../../../graph-core/src/experiments';
import type { HostApi } from '../../../host/src/contract';
import type { TrainingController } from '../training/controller';
import type { TrainingState } from '../training/state';
import { curvesFromTraining, type SweepCurves } from './curves';
import { specFromDraft, type SweepDraft } from './draft';

export type SweepPhase = 'idle' | 'running' | 'stopping' | 'stopped' | 'finished';

export interface SweepView {
  phase: SweepPhase;
  sweepId: string | null;
  state: SweepState | null;
  curves: SweepCurves;
  /** The variant training now. */
  current: string | null;
  error: string | null;
  version: number;
}

/** How long to let a finished run write its evaluation before the next variant takes the worker. */
const EVALUATION_GRACE_MS = 30_000;

/** The part of the TrainingController a sweep drives (a fake in tests). */
export type SweepTrainer = Pick<TrainingController, 'start' | 'stop' | 'getState' | 'subscribe'>;

export class SweepRunner {
  private view: SweepView = {
    phase: 'idle',
    sweepId: null,
    state: null,
    curves: {},
    current: null,
    error: null,
    version: 0,
  };
  private readonly listeners = new Set<() => void>();
  private project: { name: string; id: string | null } = { name: '', id: null };

  constructor(
    private readonly host: HostApi,
    private readonly training: SweepTrainer,
    private readonly now: () => Date = () => new Date(),
  ) {}

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  getView = (): SweepView => this.view;

  private set(patch: Partial<SweepView>): void {
    this.view = { ...this.view, ...patch, version: this.view.version + 1 };
    for (const l of this.listeners) l();
  }

  /** Writes queue behind each other, so an older state can never land on disk after a newer one. */
  private writing: Promise<unknown> = Promise.resolve();

  private async save(state: SweepState, withCurves = false): Promise<void> {
    const id = this.view.sweepId;
    if (!id) return;
    this.set({ state });
    const args = {
      sweepId: id,
      state: serializeSweepState(state),
      ...(withCurves ? { curves: JSON.stringify(this.view.curves) } : {}),
    };
    const write = this.writing.catch(() => undefined).then(() => this.host.saveSweep(args));
    this.writing = write;
    await write;
  }

  /**
   * Records the run folder as soon as the worker names it: a page closed while that run finishes
   * can then be recovered from the run's summary on reload instead of training the variant again.
   */
  private noteRunDir(variantId: string, runId: string): void {
    const state = this.view.state;
    const v = state?.variants.find((x) => x.id === variantId);
    if (!state || v?.status !== 'running' || v.runDir === runId) return;
    const next = {
      ...state,
      variants: state.variants.map((x) => (x.id === variantId ? { ...x, runDir: runId } : x)),
    };
    this.save(next).catch((error: unknown) => this.set({ error: (error as Error).message }));
  }

  /** Plans a new sweep over `doc`; mistakes in the spec come back as issues and nothing starts. */
  async start(
    doc: GraphDocument,
    draft: SweepDraft,
    project: { name: string; id: string | null },
  ): Promise<SweepIssue[]> {
    if (this.busy) return [];
    const expansion = expandSweep(doc, specFromDraft(doc, draft));
    if (!expansion.ok) return expansion.issues;
    const now = this.now();
    const sweepId = `${timeStamp(now)}-${slug(project.name)}-sweep-${Math.random().toString(16).slice(2, 8)}`;
    const state = createSweepState({
      name: `${project.name} sweep`,
      base: doc,
      spec: specFromDraft(doc, draft),
      variants: expansion.variants,
      now,
    });
    this.project = project;
    this.set({ sweepId, state, curves: {}, error: null, phase: 'running' });
    await this.save(state, true);
    void this.loop();
    return [];
  }

  /** Read through a call: the phase changes while the loop awaits, which TypeScript's narrowing cannot see. */
  private phase(): SweepPhase {
    return this.view.phase;
  }

  get busy(): boolean {
    return this.view.phase === 'running' || this.view.phase === 'stopping';
  }

  stop(): void {
    if (this.view.phase !== 'running') return;
    this.set({ phase: 'stopping' });
    this.training.stop();
  }

  /** Continues the loaded sweep with its pending variants. */
  resume(project: { name: string; id: string | null }): void {
    if (this.busy || !this.view.state || !nextPending(this.view.state)) return;
    this.project = project;
    this.set({ phase: 'running', error: null });
    void this.loop();
  }

  /**
   * Loads the newest saved sweep of `projectName` (after a reload). A variant left running by a
   * closed page is recorded from its run's summary when that run finished, else put back to pending.
   */
  async loadLatest(projectName: string): Promise<boolean> {
    if (this.busy) return false;
    const { sweeps } = await this.host.listSweeps({});
    for (const s of sweeps) {
      const parsed = parseSweepState(s.state);
      if (!parsed.ok || parsed.value.base.name !== projectName) continue;
      const outcomes = new Map<string, RunOutcome>();
      for (const v of parsed.value.variants) {
        if (v.status !== 'running' || !v.runDir) continue;
        const run = await this.host.readRun({ runId: v.runDir }).catch(() => null);
        const summary = run?.summary;
        if (summary && typeof summary.status === 'string')
          outcomes.set(v.runDir, {
            runStatus: summary.status,
            final: (summary.final ?? {}) as RunOutcome['final'],
          });
      }
      const { state } = recoverSweep(parsed.value, (dir) => outcomes.get(dir), this.now());
      let curves: SweepCurves = {};
      try {
        curves = s.curves ? (JSON.parse(s.curves) as SweepCurves) : {};
      } catch {
        curves = {};
      }
      this.set({
        sweepId: s.id,
        state,
        curves,
        phase: nextPending(state) ? 'stopped' : 'finished',
        current: null,
      });
      return true;
    }
    return false;
  }

  private async loop(): Promise<void> {
    try {
      for (;;) {
        const state = this.view.state;
        if (!state || this.phase() !== 'running') break;
        const variant = nextPending(state);
        if (!variant) {
          this.set({ phase: 'finished', current: null });
          break;
        }
        // The run folder is named by the host when training starts; until then the variant id stands in.
        await this.save(markStarted(state, variant.id, variant.id, this.now()));
        if (this.phase() === 'stopping') {
          // Stop came while the start was being written: nothing trained, so the variant is simply pending again.
          await this.save(state);
          this.set({ phase: 'stopped', current: null });
          break;
        }
        this.set({ current: variant.id });
        const ended = await this.train(variant.id, variantGraph(state, variant), variant.label);
        if (ended.runId) this.noteRunDir(variant.id, ended.runId);
        const withRun = this.view.state as SweepState;
        const stopped = ended.outcome.runStatus === 'stopped' && this.phase() === 'stopping';
        if (ended.curves) this.set({ curves: { ...this.view.curves, [variant.id]: ended.curves } });
        const next = stopped
          ? markInterrupted(withRun, variant.id)
          : markDone(withRun, variant.id, ended.outcome, this.now());
        await this.save(next, true);
        if (stopped) this.set({ phase: 'stopped', current: null });
      }
    } catch (error) {
      this.set({ phase: 'stopped', current: null, error: (error as Error).message });
    }
  }

  /** Trains one variant to its end (done, error, or stop) and waits for its evaluation to be written. */
  private train(variantId: string, doc: GraphDocument, label: string) {
    return new Promise<{
      outcome: RunOutcome;
      runId: string | null;
      curves: ReturnType<typeof curvesFromTraining> | null;
    }>((resolve) => {
      let finished: TrainingState | null = null;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (s: TrainingState) => {
        unsubscribe();
        if (timer) clearTimeout(timer);
        if (s.phase === 'error' || !s.summary) {
          resolve({
            outcome: { runStatus: 'failed', error: s.error?.message ?? 'the run ended without a summary' },
            runId: s.runId,
            curves: null,
          });
          return;
        }
        const sum = s.summary;
        resolve({
          outcome: { runStatus: sum.status, final: { ...sum.final }, durationMs: sum.durationMs },
          runId: s.runId,
          curves: curvesFromTraining(s),
        });
      };
      const check = () => {
        const s = this.training.getState();
        if (s.runId) this.noteRunDir(variantId, s.runId);
        if (s.phase === 'error') return finish(s);
        if (s.phase !== 'done') return;
        const evaluates = s.summary?.status === 'completed' || s.summary?.status === 'stopped';
        if (!evaluates || s.evaluation || s.contextLost) return finish(s);
        if (!finished) {
          finished = s;
          timer = setTimeout(() => finish(this.training.getState()), EVALUATION_GRACE_MS);
        }
      };
      const unsubscribe = this.training.subscribe(check);
      this.training.start({
        doc,
        projectName: this.project.name,
        projectId: this.project.id,
        sweep: {
          sweepId: this.view.sweepId as string,
          runName: `${this.project.name} ${variantId}: ${label}`,
        },
      });
    });
  }
}
