/**
 * The one sweep runner: the CLI (Node, a child process per variant when it runs several at once)
 * and the app (the worker, one variant at a time) drive the same loop through three ports — save
 * the state, train one variant, mark a cut-short run folder. sweep.json is saved before and after
 * every transition, so a kill at any moment loses at most the variants in flight, which the next
 * run starts again in fresh folders: no variant ends twice and none is lost.
 */
import type { GraphDocument } from '../document/types';
import { promoteRung, variantEpochs, withEpochs, withRungs } from './halving';
import {
  markDone,
  markInterrupted,
  markStarted,
  nextPending,
  recoverSweep,
  retryFailed,
  variantGraph,
  type RunOutcome,
  type SweepState,
  type VariantRecord,
} from './sweepState';

export interface TrainRequest {
  variant: VariantRecord;
  /** The variant's graph: the base with its assignments and seed written in. */
  doc: GraphDocument;
  /** The attempt's folder name (`v03`, `v03-2` after an abandoned attempt), relative to the sweep. */
  runDir: string;
  /**
   * For hosts that name the run folder themselves (the app's workspace run ids): records it in the
   * state as soon as it is known, so a session closed mid-run can be recovered from that run.
   */
  noteRunDir: (runDir: string) => void;
}

export interface SweepPorts {
  /** Persists the state (sweep.json). Calls are queued: the file never goes back to an older state. */
  save: (state: SweepState) => Promise<void>;
  /** Trains one variant to its end. A throw is recorded as a failed variant; the sweep goes on. */
  train: (req: TrainRequest) => Promise<RunOutcome>;
  /** How a run folder left `running` by a killed session ended; undefined while it has no summary. */
  readOutcome?: (runDir: string) => Promise<RunOutcome | undefined>;
  /** Marks the folder of an attempt cut short, so listings never take its partial numbers for a result. */
  abandon?: (runDir: string) => Promise<void>;
}

export interface DriveOptions {
  /** Variants trained at once (default 1). The ports must allow it (the CLI: a child per variant). */
  concurrency?: number;
  /** Checked before each variant starts; a stop mid-variant is the trainer's (its run ends `stopped`). */
  shouldStop?: () => boolean;
  /** Puts failed variants back in the queue before running. */
  retryFailed?: boolean;
  now?: () => Date;
  onVariantStart?: (v: VariantRecord, index: number, total: number) => void;
  /** Successive halving stopped this variant at its rung; `stoppedAt.reason` says why. */
  onVariantStopped?: (v: VariantRecord) => void;
  /** `state` is the sweep just after this variant was recorded (and saved). */
  onVariantEnd?: (v: VariantRecord, index: number, total: number, state: SweepState) => void;
}

/** A fresh folder name for an attempt: `v03`, then `v03-2` after an abandoned attempt. */
export function attemptDir(v: Pick<VariantRecord, 'id' | 'abandoned' | 'rung'>): string {
  const n = (v.abandoned?.length ?? 0) + 1;
  // Later rungs of successive halving train again in their own folder: `v03-r1`.
  const base = v.rung ? `${v.id}-r${v.rung}` : v.id;
  return n === 1 ? base : `${base}-${n}`;
}

/**
 * Makes a loaded sweep safe to continue: variants left `running` by a killed session are recorded
 * from their run's summary when that run finished, else put back to pending (their folder listed
 * in `abandoned` and marked through the port).
 */
export async function recoverWith(
  state: SweepState,
  ports: Pick<SweepPorts, 'readOutcome' | 'abandon'>,
  now: Date,
): Promise<SweepState> {
  const outcomes = new Map<string, RunOutcome | undefined>();
  for (const v of state.variants)
    if (v.status === 'running' && v.runDir !== undefined && ports.readOutcome)
      outcomes.set(v.runDir, await ports.readOutcome(v.runDir));
  const recovered = recoverSweep(state, (d) => outcomes.get(d), now);
  for (const d of recovered.abandoned) await ports.abandon?.(d);
  return recovered.state;
}

/**
 * Runs (or resumes) a sweep to its end or to a stop: recovers what a kill left, then trains the
 * pending variants in run order, `concurrency` at a time. With `spec.halving` it does so rung by
 * rung, deciding each rung (survivors queued at the next, the rest stopped with a reason) once its
 * variants have all finished, and saving that decision before the next rung starts. Returns the
 * final state (also saved).
 */
export async function driveSweep(
  initial: SweepState,
  ports: SweepPorts,
  options: DriveOptions = {},
): Promise<SweepState> {
  if (!initial.spec.halving) return driveQueue(initial, ports, options);
  const stop = () => options.shouldStop?.() ?? false;
  let state = withRungs(initial);
  for (;;) {
    state = await driveQueue(state, ports, options);
    const decided = stop() ? undefined : promoteRung(state);
    if (!decided) return state;
    const before = state;
    state = decided;
    await ports.save(state);
    for (const v of state.variants)
      if (v.stoppedAt && !before.variants.some((b) => b.id === v.id && b.stoppedAt))
        options.onVariantStopped?.(v);
  }
}

/** Trains every pending variant (the whole sweep, or one rung of successive halving). */
async function driveQueue(
  initial: SweepState,
  ports: SweepPorts,
  options: DriveOptions,
): Promise<SweepState> {
  const now = options.now ?? (() => new Date());
  const width = Math.max(1, Math.floor(options.concurrency ?? 1));
  const stop = () => options.shouldStop?.() ?? false;
  let state = await recoverWith(initial, ports, now());
  if (options.retryFailed) state = retryFailed(state);

  let writing: Promise<void> = Promise.resolve();
  // Each save writes the newest state at the moment it runs, after the previous write finished.
  const persist = (): Promise<void> => {
    writing = writing.catch(() => undefined).then(() => ports.save(state));
    return writing;
  };
  await persist();

  const total = state.variants.length;
  const indexOf = (id: string) => state.variants.findIndex((v) => v.id === id);
  const current = (id: string) => state.variants[indexOf(id)] as VariantRecord;

  const runOne = async (pending: VariantRecord): Promise<void> => {
    const runDir = attemptDir(pending);
    state = markStarted(state, pending.id, runDir, now());
    await persist();
    if (stop()) {
      // Stopped while the start was being written: nothing trained, so the variant is simply pending again.
      const variants = state.variants.slice();
      variants[indexOf(pending.id)] = pending;
      state = { ...state, variants };
      await persist();
      return;
    }
    const started = current(pending.id);
    options.onVariantStart?.(started, indexOf(pending.id), total);
    let outcome: RunOutcome;
    try {
      outcome = await ports.train({
        variant: started,
        doc: halvedGraph(state, started),
        runDir,
        noteRunDir: (dir) => {
          const v = current(pending.id);
          if (v.status !== 'running' || v.runDir === dir) return;
          const variants = state.variants.slice();
          variants[indexOf(pending.id)] = { ...v, runDir: dir };
          state = { ...state, variants };
          void persist();
        },
      });
    } catch (e) {
      outcome = { runStatus: 'failed', error: e instanceof Error ? e.message : String(e) };
    }
    const usedDir = current(pending.id).runDir ?? runDir;
    if (outcome.runStatus === 'stopped' && stop()) {
      state = markInterrupted(state, pending.id);
      await ports.abandon?.(usedDir);
    } else {
      state = markDone(state, pending.id, outcome, now());
    }
    await persist();
    options.onVariantEnd?.(current(pending.id), indexOf(pending.id), total, state);
  };

  const inFlight = new Set<Promise<void>>();
  for (;;) {
    while (inFlight.size < width && !stop()) {
      const next = nextPending(state);
      if (!next) break;
      const job: Promise<void> = runOne(next).finally(() => inFlight.delete(job));
      inFlight.add(job);
    }
    if (inFlight.size === 0) break;
    await Promise.race(inFlight);
  }
  await writing;
  return state;
}

/** The variant's graph, with its rung's epochs written in under successive halving. */
function halvedGraph(state: SweepState, v: VariantRecord): GraphDocument {
  const doc = variantGraph(state, v);
  const epochs = variantEpochs(state, v);
  return epochs === undefined ? doc : withEpochs(doc, epochs);
}
