import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { GraphDocument } from '../../../graph-core/src/document';
import {
  continueVariant,
  createSweepState,
  halvingLine,
  hasWorkLeft,
  stateSchedule,
  sweepComparison,
  sweepProgress,
  tableToText,
  type RunOutcome,
  type SweepState,
  type VariantRecord,
} from '../../../graph-core/src/experiments';
import type { NamedWeight } from '../../../graph-core/src/weights';
import { slug } from '../workspace/layout';
import { timeStamp } from '../workspace/runs';
import type { CliIo } from './compare';
import { BACKEND_CHOICES, backendUnavailable } from './backend';
import { parseSweepArgs } from './sweepArgs';
import { isBackendChoice, trainVariant } from './sweepTrain';
import { planSweep } from './sweepPlan';
import {
  carriedWeights,
  childTrainer,
  cliCommand,
  cpuCount,
  defaultParallel,
  projectDirOf,
  threadsPerVariant,
} from './sweepChild';
import { loadSweep, runSweep, saveSweep, SWEEP_FILE } from './sweepRun';

/** How one variant is trained: the same code path as `layerloom train`, writing a normal run folder. */
export interface SweepTrainRequest {
  doc: GraphDocument;
  runDir: string;
  /** The folder of the project file: data files named in the graph are relative to it. */
  projectDir: string;
  backend: string | null;
  shouldStop: () => boolean;
  io: CliIo;
  /** Weights the project carries (its sidecar): every variant starts `doc.weights.nodes` from them. */
  weights: readonly NamedWeight[];
  /** `--allow-data-outside`: data paths may leave the project's folder (as for `train`). */
  allowDataOutside: boolean;
  /** Told of each image file the data leaves out; the sweep says each thing once, not per variant. */
  warn: (message: string) => void;
  /** The variant trained (recorded in the run's meta.json with the sweep folder's name). */
  variant?: VariantRecord;
}

export interface SweepDeps {
  /** Defaults to `trainVariant`, the code path of `layerloom train`. */
  train?: (req: SweepTrainRequest) => Promise<RunOutcome>;
  now?: () => Date;
  /**
   * How to start the CLI for a variant's child process (`--parallel`); null trains in-process, one
   * variant at a time. Defaults to `cliCommand()`.
   */
  childCommand?: string[] | null;
  /** Registers a Ctrl-C handler; returns its removal. Tests pass their own. */
  onInterrupt?: (stop: () => void) => () => void;
}

const BAR = 24;
export function progressBar(done: number, total: number): string {
  const filled = total === 0 ? BAR : Math.round((done / total) * BAR);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${done}/${total}`;
}

function defaultInterrupt(stop: () => void): () => void {
  const handler = () => stop();
  process.once('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}

async function prepareDir(dir: string): Promise<string | null> {
  const entries = await fsp
    .readdir(dir)
    .catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : e));
  if (entries instanceof Error) return `${dir}: ${entries.message}`;
  if (entries?.includes(SWEEP_FILE))
    return `${dir} already holds a sweep: continue it with --resume ${dir}, or pick another --out`;
  if (entries && entries.length > 0) return `${dir} is not empty: pick an empty or new folder for --out`;
  await fsp.mkdir(dir, { recursive: true });
  return null;
}

/**
 * `layerloom sweep FILE [--set NODE.FIELD=V1,V2 …] [--out DIR] [--epochs N] [--limit N] [--random K]
 * [--budget N] [--repeats R] [--seed S] [--metric M] [--halving ETA[:MIN_EPOCHS]] [--backend B]`, or
 * `--resume DIR [--retry-failed] [--continue VARIANT_ID …]`.
 * Exit 0 when every variant ran, 1 for a bad sweep or a failed variant, 2 for unreadable input,
 * 130 when stopped with Ctrl-C (the sweep can be resumed).
 */
export async function sweepCommand(
  argv: readonly string[],
  io: CliIo,
  deps: SweepDeps = {},
): Promise<number> {
  const train = deps.train ?? trainVariant;
  const now = deps.now ?? (() => new Date());
  const args = parseSweepArgs(argv);
  if (!args.ok) {
    io.err(`layerloom sweep: ${args.error}\n`);
    return 2;
  }
  const o = args.value;
  if (o.backend !== null && !isBackendChoice(o.backend)) {
    io.err(`layerloom sweep: --backend must be ${BACKEND_CHOICES.join(', ')}; found "${o.backend}"\n`);
    return 2;
  }
  const unavailable = o.backend === null ? null : await backendUnavailable(o.backend);
  if (unavailable !== null) {
    io.err(`layerloom sweep: ${unavailable}\n`);
    return 2;
  }
  let dir: string;
  let state: SweepState;
  if (o.resume !== null) {
    dir = o.resume;
    const loaded = await loadSweep(dir);
    if (!loaded.ok) {
      io.err(`layerloom sweep: ${loaded.error}\n`);
      return 2;
    }
    state = loaded.state;
    for (const id of o.continueIds) {
      const c = continueVariant(state, id);
      if (!c.ok) {
        io.err(`layerloom sweep: --continue ${id}: ${c.error}\n`);
        return 2;
      }
      state = c.state;
      io.out(`Continuing ${id} at the final budget (it was stopped by successive halving).\n`);
    }
    if (o.continueIds.length > 0) await saveSweep(dir, state);
    const p = sweepProgress(state);
    io.out(
      `Resuming "${state.name}" in ${dir}: ${p.done + p.failed} of ${p.total} variants already finished.\n`,
    );
  } else {
    const plan = await planSweep(o);
    if ('code' in plan) {
      for (const line of plan.lines) io.err(`layerloom sweep: ${line}\n`);
      return plan.code;
    }
    dir = o.out ?? path.join('sweeps', `${timeStamp(now())}-${slug(plan.name, 'sweep')}`);
    const problem = await prepareDir(dir);
    if (problem) {
      io.err(`layerloom sweep: ${problem}\n`);
      return 2;
    }
    state = createSweepState({
      name: plan.name,
      base: plan.base,
      spec: plan.spec,
      variants: plan.variants,
      now: now(),
      // Data paths and carried weights resolve against the project, also when resumed from elsewhere.
      source: plan.graphFile,
    });
    await saveSweep(dir, state);
    const repeats = plan.spec.repeats ?? 1;
    const shape = `${plan.combinations} combination${plan.combinations === 1 ? '' : 's'}${repeats > 1 ? ` × ${repeats} seeds` : ''}`;
    const from = plan.stored ? ', the sweep stored in the project' : '';
    io.out(
      `Sweep "${plan.name}": ${plan.variants.length} runs (${shape}${plan.capped ? ', capped by the budget' : ''}${from}) → ${dir}\n`,
    );
    if (plan.spec.halving)
      io.out(`${halvingLine(plan.variants.length, plan.spec.halving, plan.spec.repeats ?? 1)}\n`);
  }

  let weights: NamedWeight[];
  try {
    weights = await carriedWeights(state, dir);
  } catch (error) {
    io.err(`layerloom sweep: ${(error as Error).message}\n`);
    return 2;
  }
  const projectDir = projectDirOf(state);
  const told = new Set<string>();
  const warn = (message: string) => {
    if (told.has(message)) return;
    told.add(message);
    io.err(`warning: ${message}\n`);
  };
  const pending = state.variants.filter((v) => v.status !== 'done').length;
  const command = deps.childCommand !== undefined ? deps.childCommand : cliCommand();
  const parallel = Math.min(o.parallel ?? defaultParallel(cpuCount(), pending), Math.max(1, pending));
  const inChildren = parallel > 1 && command !== null && deps.train === undefined;
  const width = inChildren ? parallel : 1;
  if (inChildren)
    io.out(
      `Training ${width} variants at once, one process each with ${threadsPerVariant(cpuCount(), width)} wasm thread(s).\n`,
    );

  let finished = state.variants.reduce(
    (n, v) => n + (v.status === 'done' || v.status === 'failed' ? 1 : 0) + (v.earlierRungs?.length ?? 0),
    0,
  );
  // Under successive halving the bar counts runs of the whole schedule, survivors once per rung.
  const planned = state.spec.halving
    ? stateSchedule(state).reduce((n, r) => n + r.variants, 0)
    : state.variants.length;
  let stopping = false;
  const removeInterrupt = (deps.onInterrupt ?? defaultInterrupt)(() => {
    stopping = true;
    io.err('\nStopping after the current batch; resume with --resume.\n');
  });
  try {
    state = await runSweep({
      dir,
      now,
      concurrency: width,
      retryFailed: o.retryFailed,
      shouldStop: () => stopping,
      // The bar counts finished variants (several may be in flight with --parallel).
      onVariantStart: (v) =>
        io.out(`\n${progressBar(Math.min(finished, planned), planned)}  ${v.id}  ${v.label}\n`),
      onVariantStopped: (v) =>
        io.out(`  ${v.id} ${v.label} stopped by successive halving: ${v.stoppedAt?.reason ?? ''}\n`),
      onVariantEnd: (v) => {
        if (v.status === 'done' || v.status === 'failed') finished += 1;
        const acc = v.final?.val_acc;
        const result =
          typeof acc === 'number' ? `val_acc ${acc.toFixed(4)}` : (v.error ?? v.runStatus ?? v.status);
        io.out(`  ${v.id} ${v.status === 'pending' ? 'stopped' : (v.runStatus ?? v.status)}: ${result}\n`);
      },
      train: inChildren
        ? childTrainer({
            dir,
            command: command as string[],
            backend: o.backend,
            threads: threadsPerVariant(cpuCount(), width),
            io,
            allowDataOutside: o.allowDataOutside,
            warn,
          })
        : ({ doc, runDir, variant }) =>
            train({
              doc,
              runDir,
              projectDir,
              backend: o.backend,
              shouldStop: () => stopping,
              io,
              weights,
              allowDataOutside: o.allowDataOutside,
              warn,
              variant,
            }),
    });
  } finally {
    removeInterrupt();
  }
  const p = sweepProgress(state);
  io.out(`\n${progressBar(p.done + p.failed, p.total)}\n\n${tableToText(sweepComparison(state))}\n`);
  io.out(`Wrote ${path.join(dir, SWEEP_FILE)}, comparison.md, comparison.csv and comparison.svg in ${dir}\n`);
  if (p.pending > 0) {
    io.out(`${p.pending} variant${p.pending === 1 ? '' : 's'} left: layerloom sweep --resume ${dir}\n`);
    return 130;
  }
  // Stopped after a rung's last run, before its decision: nothing is pending, yet rungs are left.
  if (hasWorkLeft(state)) {
    io.out(`Successive halving has rungs left: layerloom sweep --resume ${dir}\n`);
    return 130;
  }
  return p.failed > 0 ? 1 : 0;
}
