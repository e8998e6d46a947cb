import type { GraphDocument } from '../document/types';
import { applyVariant, type VariantPlan } from './sweep';
import type { SweepSpec } from './sweepSpec';

export type VariantStatus = 'pending' | 'running' | 'done' | 'failed';

/** Final metrics as a run's summary reports them (`loss`, `acc`, `val_loss`, `val_acc`, …). */
export type FinalMetrics = Record<string, number | null>;

export interface VariantRecord extends VariantPlan {
  status: VariantStatus;
  /** The run folder of the current (or last) attempt, relative to the sweep folder. */
  runDir?: string;
  startedAt?: string;
  finishedAt?: string;
  /** The run's own outcome from its summary: completed | stopped | diverged | failed. */
  runStatus?: string;
  final?: FinalMetrics;
  durationMs?: number;
  error?: string;
  /** Run folders of attempts cut short (kill, stop); the runner marks them abandoned on disk. */
  abandoned?: string[];
  /** Successive halving: the rung the variant reached (0 first). */
  rung?: number;
  /** Successive halving: the finished runs of the rungs before this one. */
  earlierRungs?: { rung: number; epochs: number; runDir?: string; final?: FinalMetrics }[];
  /** Successive halving: where and why the variant was stopped (it is `done` at that rung). */
  stoppedAt?: { rung: number; epochs: number; reason: string };
}

/**
 * Everything needed to resume a sweep, persisted as `sweep.json` in the sweep folder. Pure data:
 * every transition returns a new state, so the runner can write it before acting on it.
 */
export interface SweepState {
  format: 'layerloom-sweep';
  version: 1;
  name: string;
  createdAt: string;
  spec: SweepSpec;
  /** The graph the sweep varies; each variant's graph is `applyVariant(base, variant)`. */
  base: GraphDocument;
  /** Where the base graph was read from, so data files named relative to it resolve on resume. */
  source?: string;
  variants: VariantRecord[];
}

export interface RunOutcome {
  runStatus: string;
  final?: FinalMetrics;
  durationMs?: number;
  error?: string;
}

export function createSweepState(args: {
  name: string;
  base: GraphDocument;
  spec: SweepSpec;
  variants: readonly VariantPlan[];
  now: Date;
  source?: string;
}): SweepState {
  return {
    ...(args.source !== undefined ? { source: args.source } : {}),
    format: 'layerloom-sweep',
    version: 1,
    name: args.name,
    createdAt: args.now.toISOString(),
    spec: args.spec,
    base: args.base,
    variants: args.variants.map(({ id, label, assignments, repeat, seed }) => ({
      id,
      label,
      assignments,
      repeat,
      seed,
      status: 'pending',
    })),
  };
}

/** The graph a variant trains. */
export function variantGraph(state: SweepState, variant: VariantRecord): GraphDocument {
  return applyVariant(state.base, variant);
}

/** The next variant to run, in run order; `undefined` once none is pending. */
export function nextPending(state: SweepState): VariantRecord | undefined {
  return state.variants.find((v) => v.status === 'pending');
}

function update(
  state: SweepState,
  id: string,
  expect: VariantStatus,
  change: (v: VariantRecord) => VariantRecord,
): SweepState {
  const at = state.variants.findIndex((v) => v.id === id);
  const found = state.variants[at];
  // A wrong transition is a bug in the runner, never a user mistake.
  if (!found) throw new Error(`sweep "${state.name}" has no variant ${id}`);
  if (found.status !== expect) throw new Error(`variant ${id} is ${found.status}, expected ${expect}`);
  const variants = state.variants.slice();
  variants[at] = change(found);
  return { ...state, variants };
}

export function markStarted(state: SweepState, id: string, runDir: string, now: Date): SweepState {
  return update(state, id, 'pending', (v) => {
    const { finishedAt: _f, runStatus: _r, final: _m, error: _e, durationMs: _d, ...rest } = v;
    return { ...rest, status: 'running', runDir, startedAt: now.toISOString() };
  });
}

/** Records how a started variant ended. A run that failed to train is `failed`; any other outcome is `done`. */
export function markDone(state: SweepState, id: string, outcome: RunOutcome, now: Date): SweepState {
  return update(state, id, 'running', (v) => ({
    ...v,
    status: outcome.runStatus === 'failed' ? 'failed' : 'done',
    runStatus: outcome.runStatus,
    finishedAt: now.toISOString(),
    ...(outcome.final ? { final: outcome.final } : {}),
    ...(outcome.durationMs !== undefined ? { durationMs: outcome.durationMs } : {}),
    ...(outcome.error ? { error: outcome.error } : {}),
  }));
}

/** A running variant that was stopped by the user goes back to pending, its partial run set aside. */
export function markInterrupted(state: SweepState, id: string): SweepState {
  return update(state, id, 'running', (v) => {
    const { runDir, startedAt: _s, ...rest } = v;
    return { ...rest, status: 'pending', abandoned: [...(v.abandoned ?? []), ...(runDir ? [runDir] : [])] };
  });
}

/**
 * Makes a sweep loaded after a kill safe to resume: a variant still marked running either finished
 * before the kill (its run folder says so: `finished` returns its outcome) and is recorded as such,
 * or it is put back to pending and its partial folder listed in `abandoned`, for the runner to mark.
 * Done and failed variants are kept, so resuming runs no variant twice and loses none. The runner
 * must persist the returned state before training anything, as after every other transition.
 */
export function recoverSweep(
  state: SweepState,
  finished: (runDir: string) => RunOutcome | undefined = () => undefined,
  now: Date = new Date(),
): { state: SweepState; abandoned: string[] } {
  let next = state;
  const abandoned: string[] = [];
  for (const v of state.variants) {
    if (v.status !== 'running') continue;
    const outcome = v.runDir === undefined ? undefined : finished(v.runDir);
    // A summary still saying `running` was written at the start of a run the kill cut short.
    if (outcome && outcome.runStatus !== 'stopped' && outcome.runStatus !== 'running') {
      next = markDone(next, v.id, outcome, now);
    } else {
      next = markInterrupted(next, v.id);
      if (v.runDir !== undefined) abandoned.push(v.runDir);
    }
  }
  return { state: next, abandoned };
}

/** Puts failed variants back in the queue, for a resume that should try them again. */
export function retryFailed(state: SweepState): SweepState {
  return {
    ...state,
    variants: state.variants.map((v) => {
      if (v.status !== 'failed') return v;
      const {
        runDir,
        error: _e,
        runStatus: _r,
        finishedAt: _f,
        startedAt: _s,
        final: _m,
        durationMs: _d,
        ...rest
      } = v;
      return { ...rest, status: 'pending', abandoned: [...(v.abandoned ?? []), ...(runDir ? [runDir] : [])] };
    }),
  };
}

export interface SweepProgress {
  total: number;
  pending: number;
  running: number;
  done: number;
  failed: number;
}

export function sweepProgress(state: SweepState): SweepProgress {
  const p: SweepProgress = { total: state.variants.length, pending: 0, running: 0, done: 0, failed: 0 };
  for (const v of state.variants) p[v.status] += 1;
  return p;
}

export function isSweepFinished(state: SweepState): boolean {
  return state.variants.every((v) => v.status === 'done' || v.status === 'failed');
}
