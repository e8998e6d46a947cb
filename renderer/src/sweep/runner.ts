/**
 * Runs a sweep in the app: variants one after another through the TrainingController, each a normal
 * run folder whose meta names the sweep; the SweepState is saved (sweeps/<id>/sweep.json) before
 * every step, so Stop and Resume — in this session or after a reload — run no variant twice.
 */
import { runOutcome, slug, timeStamp } from '../../../graph-core/src/runs';
import type { GraphDocument } from '../../../graph-core/src/document';
import {
  continueVariant,
  createSweepState,
  expandSweep,
  driveSweep,
  hasWorkLeft,
  parseSweepState,
  recoverWith,
  serializeSweepState,
  type RunOutcome,
  type SweepIssue,
  type SweepState,
  type VariantRecord,
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

  /** Whether Resume has anything to do: pending variants, or a halving rung still to decide. */
  get canResume(): boolean {
    return !this.busy && this.view.state !== null && hasWorkLeft(this.view.state);
  }

  /** Continues the loaded sweep with its pending variants (and, under halving, its remaining rungs). */
  resume(project: { name: string; id: string | null }): void {
    if (!this.canResume) return;
    this.project = project;
    this.set({ phase: 'running', error: null });
    void this.loop();
  }

  /**
   * Trains a variant successive halving stopped at the final budget (`layerloom sweep --resume DIR
   * --continue ID`, through the same graph-core function), then whatever else the sweep has left.
   * Returns why it cannot, or null once it runs.
   */
  async continueStopped(id: string, project: { name: string; id: string | null }): Promise<string | null> {
    if (this.busy) return 'The sweep is running: continue a stopped variant once it has stopped or finished.';
    if (!this.view.state) return 'No sweep is loaded.';
    const c = continueVariant(this.view.state, id);
    if (!c.ok) return c.error;
    this.project = project;
    this.set({ phase: 'running', error: null });
    try {
      await this.save(c.state);
    } catch (error) {
      this.set({ phase: 'stopped', error: (error as Error).message });
      return (error as Error).message;
    }
    void this.loop();
    return null;
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
      const state = await recoverWith(
        parsed.value,
        {
          readOutcome: async (runId) => {
            const run = await this.host.readRun({ runId }).catch(() => null);
            return run
              ? runOutcome({ summaryJson: run.summary as Record<string, unknown> | null })
              : undefined;
          },
        },
        this.now(),
      );
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
        phase: hasWorkLeft(state) ? 'stopped' : 'finished',
        current: null,
      });
      return true;
    }
    return false;
  }

  /** graph-core's one sweep runner, with the HostApi as its store and the TrainingController as its trainer. */
  private async loop(): Promise<void> {
    const state = this.view.state;
    if (!state) return;
    try {
      const final = await driveSweep(
        state,
        {
          save: (s) => this.save(s, true),
          train: async ({ variant, doc, noteRunDir }) => {
            this.set({ current: variant.id });
            const ended = await this.train(variant, doc, noteRunDir);
            if (ended.runId) noteRunDir(ended.runId);
            if (ended.curves) this.set({ curves: { ...this.view.curves, [variant.id]: ended.curves } });
            return ended.outcome;
          },
        },
        { now: this.now, shouldStop: () => this.phase() === 'stopping' },
      );
      this.set({ phase: hasWorkLeft(final) ? 'stopped' : 'finished', current: null });
    } catch (error) {
      this.set({ phase: 'stopped', current: null, error: (error as Error).message });
    }
  }

  /** Trains one variant to its end (done, error, or stop) and waits for its evaluation to be written. */
  private train(variant: VariantRecord, doc: GraphDocument, noteRunDir: (runId: string) => void) {
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
        // Recorded as soon as the worker names it: a page closed while that run finishes can then be
        // recovered from the run's summary on reload instead of training the variant again.
        if (s.runId) noteRunDir(s.runId);
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
          runName: `${this.project.name} ${variant.id}: ${variant.label}`,
          variant: { id: variant.id, seed: variant.seed, repeat: variant.repeat },
        },
      });
    });
  }
}
