import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { GraphDocument } from '../../../graph-core/src/document';
import {
  DEFAULT_SWEEP_METRIC,
  driveSweep,
  parseSweepState,
  serializeSweepState,
  sweepComparison,
  sweepProgress,
  tableToCsv,
  tableToMarkdown,
  withVariantColumns,
  type RunOutcome,
  type SweepState,
  type VariantRecord,
} from '../../../graph-core/src/experiments';
import { readRunFolder, RUN_FILES, runOutcome } from '../../../graph-core/src/runs';
import { writeFileAtomic } from '../fs/atomic-write';
import { nodeRunFolderFiles } from '../fs/run-folder-files';
import { writeSweepChart } from './compareChart';
import { compareVariants, sweepSeedRuns, variantSection } from './compareStats';

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
  /** Successive halving stopped this variant; `v.stoppedAt.reason` says why. */
  onVariantStopped?: (v: VariantRecord) => void;
  retryFailed?: boolean;
  now?: () => Date;
  /** Variants trained at once (the trainer must allow it: `childTrainer` runs each in its own process). */
  concurrency?: number;
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
  // Seeds of one combination grouped: mean and band, speed, cost and verdicts (issue 17).
  const seeds = await sweepSeedRuns(dir, state);
  const stats = compareVariants(seeds, { metric: state.spec.metric ?? DEFAULT_SWEEP_METRIC });
  const section = seeds.length > 0 ? `\n${variantSection(stats, 'md', 'params')}` : '';
  await writeFileAtomic(
    path.join(dir, 'comparison.md'),
    `# ${state.name}\n\n${tableToMarkdown(table)}${section}`,
    { backup: false },
  );
  await writeFileAtomic(
    path.join(dir, 'comparison.csv'),
    tableToCsv(withVariantColumns(table, seeds, stats)),
    {
      backup: false,
    },
  );
  await writeSweepChart(dir, state);
}

/**
 * Runs (or resumes) the sweep in `dir` with graph-core's one sweep runner (`driveSweep`), through
 * Node ports: sweep.json written atomically before and after every variant, one run folder per
 * attempt inside the sweep folder, the comparison files rewritten as variants finish.
 */
export async function runSweep(options: RunSweepOptions): Promise<SweepState> {
  const now = options.now ?? (() => new Date());
  const loaded = await loadSweep(options.dir);
  // The caller created or checked sweep.json just before; failing to read it now is a bug.
  if (!loaded.ok) throw new Error(loaded.error);
  const inDir = (d: string) => path.join(options.dir, d);
  let comparisons: Promise<void> = Promise.resolve();
  const state = await driveSweep(
    loaded.state,
    {
      save: (s) => saveSweep(options.dir, s),
      readOutcome: (d) => readOutcome(inDir(d)),
      abandon: (d) => markAbandoned(inDir(d), now()),
      train: ({ doc, runDir, variant }) => options.train({ doc, runDir: inDir(runDir), variant }),
    },
    {
      now,
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.retryFailed !== undefined ? { retryFailed: options.retryFailed } : {}),
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
      ...(options.onVariantStart ? { onVariantStart: options.onVariantStart } : {}),
      ...(options.onVariantStopped ? { onVariantStopped: options.onVariantStopped } : {}),
      onVariantEnd: (v, i, total, now) => {
        // The comparison files follow every finished variant, written one after another.
        comparisons = comparisons.then(() => writeComparison(options.dir, now));
        options.onVariantEnd?.(v, i, total);
      },
    },
  );
  await comparisons;
  await writeComparison(options.dir, state);
  return state;
}

export function progressLine(state: SweepState): string {
  const p = sweepProgress(state);
  return `${p.done + p.failed}/${p.total} variants finished (${p.done} done, ${p.failed} failed, ${p.pending} pending)`;
}
