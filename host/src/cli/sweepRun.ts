import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { GraphDocument } from '../../../graph-core/src/document';
import {
  markDone,
  markInterrupted,
  markStarted,
  nextPending,
  parseSweepState,
  recoverSweep,
  retryFailed,
  serializeSweepState,
  sweepComparison,
  sweepProgress,
  tableToCsv,
  tableToMarkdown,
  variantGraph,
  type RunOutcome,
  type SweepState,
  type VariantRecord,
} from '../../../graph-core/src/experiments';
import { readRunFolder, RUN_FILES, runOutcome } from '../../../graph-core/src/runs';
import { writeFileAtomic } from '../fs/atomic-write';
import { nodeRunFolderFiles } from '../fs/run-folder-files';
import { writeSweepChart } from './compareChart';

export const SWEEP_FILE = 'sweep.json';

/** Trains one variant's graph into `runDir` (a normal run folder) and reports how it ended. */
export type TrainVariant = (req: {
  doc: GraphDocument;
  runDir: string;
  variant: VariantRecord;
}) => Promise<RunOutcome>;

export interface RunSweepOptions {
  /** The sweep folder: holds sweep.json, the comparison files and one run folder per attempt. */
  dir: string;
  train: TrainVariant;
  /** Checked between variants; a stop mid-variant is the trainer's (its run ends `stopped`). */
  shouldStop?: () => boolean;
  onVariantStart?: (v: VariantRecord, index: number, total: number) => void;
  onVariantEnd?: (v: VariantRecord, index: number, total: number) => void;
  retryFailed?: boolean;
  now?: () => Date;
}

export async function saveSweep(dir: string, state: SweepState): Promise<void> {
  await writeFileAtomic(path.join(dir, SWEEP_FILE), serializeSweepState(state), { backup: false });
}

export async function loadSweep(
  dir: string,
): Promise<{ ok: true; state: SweepState } | { ok: false; error: string }> {
  const file = path.join(dir, SWEEP_FILE);
  const text = await fsp.readFile(file, 'utf8').catch(() => null);
  if (text === null) return { ok: false, error: `${dir} holds no ${SWEEP_FILE}: not a sweep folder` };
  const r = parseSweepState(text);
  return r.ok ? { ok: true, state: r.value } : { ok: false, error: r.error };
}

/** What a run folder's summary.json says about how the run ended; undefined while it has none. */
/** How the run in `runDir` ended, read with graph-core's run-folder reader; undefined while unknown. */
export async function readOutcome(runDir: string): Promise<RunOutcome | undefined> {
  return runOutcome(await readRunFolder(nodeRunFolderFiles(runDir), { id: path.basename(runDir) }));
}

/**
 * A folder whose run was cut short is kept for inspection but marked, so that run listings and
 * comparisons never take its partial numbers for a result.
 */
async function markAbandoned(runDir: string, now: Date): Promise<void> {
  const existing = await readOutcome(runDir);
  const summary = {
    status: 'failed',
    abandoned: true,
    message:
      'The sweep was interrupted before this run finished; the variant was run again in another folder.',
    previousStatus: existing?.runStatus ?? null,
    finishedAt: now.toISOString(),
  };
  await fsp.mkdir(runDir, { recursive: true });
  await writeFileAtomic(path.join(runDir, RUN_FILES.summary), JSON.stringify(summary, null, 2) + '\n', {
    backup: false,
  });
}

export async function writeComparison(dir: string, state: SweepState): Promise<void> {
  const table = sweepComparison(state);
  await writeFileAtomic(path.join(dir, 'comparison.md'), `# ${state.name}\n\n${tableToMarkdown(table)}`, {
    backup: false,
  });
  await writeFileAtomic(path.join(dir, 'comparison.csv'), tableToCsv(table), { backup: false });
  await writeSweepChart(dir, state);
}

/** A fresh folder name for an attempt: `v03`, then `v03-2` after an abandoned attempt. */
function attemptDir(v: VariantRecord): string {
  const n = (v.abandoned?.length ?? 0) + 1;
  return n === 1 ? v.id : `${v.id}-${n}`;
}

/**
 * Runs (or resumes) the sweep in `dir`, one variant at a time. sweep.json is rewritten before and
 * after every variant, so a kill at any moment loses at most the variant in flight, which the next
 * resume runs again in a new folder.
 */
export async function runSweep(options: RunSweepOptions): Promise<SweepState> {
  const now = options.now ?? (() => new Date());
  const loaded = await loadSweep(options.dir);
  // The caller created or checked sweep.json just before; failing to read it now is a bug.
  if (!loaded.ok) throw new Error(loaded.error);
  let state = loaded.state;
  const outcomes = new Map<string, RunOutcome | undefined>();
  for (const v of state.variants) {
    if (v.status === 'running' && v.runDir)
      outcomes.set(v.runDir, await readOutcome(path.join(options.dir, v.runDir)));
  }
  const recovered = recoverSweep(state, (d) => outcomes.get(d), now());
  state = options.retryFailed ? retryFailed(recovered.state) : recovered.state;
  for (const d of recovered.abandoned) await markAbandoned(path.join(options.dir, d), now());
  await saveSweep(options.dir, state);

  const total = state.variants.length;
  for (let v = nextPending(state); v && !options.shouldStop?.(); v = nextPending(state)) {
    const index = state.variants.indexOf(v);
    const runDir = attemptDir(v);
    state = markStarted(state, v.id, runDir, now());
    await saveSweep(options.dir, state);
    const started = state.variants[index] as VariantRecord;
    options.onVariantStart?.(started, index, total);
    let outcome: RunOutcome;
    try {
      outcome = await options.train({
        doc: variantGraph(state, started),
        runDir: path.join(options.dir, runDir),
        variant: started,
      });
    } catch (e) {
      outcome = { runStatus: 'failed', error: e instanceof Error ? e.message : String(e) };
    }
    if (outcome.runStatus === 'stopped') {
      state = markInterrupted(state, v.id);
      await markAbandoned(path.join(options.dir, runDir), now());
    } else {
      state = markDone(state, v.id, outcome, now());
    }
    await saveSweep(options.dir, state);
    await writeComparison(options.dir, state);
    options.onVariantEnd?.(state.variants[index] as VariantRecord, index, total);
  }
  await writeComparison(options.dir, state);
  return state;
}

export function progressLine(state: SweepState): string {
  const p = sweepProgress(state);
  return `${p.done + p.failed}/${p.total} variants finished (${p.done} done, ${p.failed} failed, ${p.pending} pending)`;
}
