/**
 * Parallel sweep variants: each variant trains in its own child process (`layerloom sweep-variant`,
 * internal), so several variants use several cores while tfjs stays single-process inside each.
 * The child reads the variant from sweep.json and trains it exactly as a sequential sweep would;
 * the parent reads how it ended from the run folder's summary.json (the one source of truth).
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { RunOutcome, SweepState } from '../../../graph-core/src/experiments';
import { variantGraph } from '../../../graph-core/src/experiments';
import type { NamedWeight } from '../../../graph-core/src/weights';
import { readSidecarWeights } from '../workspace/weights-sidecar';
import type { CliIo } from './compare';
import { loadSweep, readOutcome, type TrainVariant } from './sweepRun';
import { trainVariant } from './sweepTrain';

export const CHILD_COMMAND = 'sweep-variant';
const ALLOW_OUTSIDE = '--allow-data-outside';
const WARNING = 'warning: ';

export const cpuCount = (): number => os.availableParallelism?.() ?? os.cpus().length;

/**
 * Variants trained at once by default: one per core (at most 4, and never more than the sweep
 * has), each with one wasm thread — `npm run bench` (sweep row) measured this fastest on 2 cores,
 * where a second single-thread variant nearly doubles throughput and a second wasm thread does not.
 */
export function defaultParallel(cores: number, variants: number): number {
  return Math.max(1, Math.min(cores, 4, variants));
}

/** wasm threads per variant so that all variants together fit the cores. */
export function threadsPerVariant(cores: number, parallel: number): number {
  return Math.max(1, Math.floor(cores / Math.max(1, parallel)));
}

/**
 * How to start this CLI again: the bundle (or `bin.ts` under tsx) with the same Node flags;
 * LAYERLOOM_CLI_COMMAND (a JSON list) overrides it. Null when the CLI is embedded in something
 * else (a test runner): such callers train in-process, one variant at a time.
 */
export function cliCommand(): string[] | null {
  const override = process.env['LAYERLOOM_CLI_COMMAND'];
  if (override) return JSON.parse(override) as string[];
  const entry = process.argv[1];
  if (!entry || !/(layerloom\.mjs|cli[\\/]bin\.ts)$/.test(entry)) return null;
  return [process.execPath, ...process.execArgv, entry];
}

/** Weights the sweep's project carries (its sidecar), read once per process. */
export async function carriedWeights(
  state: Pick<SweepState, 'base' | 'source'>,
  dir: string,
): Promise<NamedWeight[]> {
  if (!state.base.weights) return [];
  if (state.source === undefined)
    throw new Error(
      `${dir}: the sweep's graph carries imported weights but sweep.json does not name its project file, so its sidecar cannot be found (start the sweep again from the project)`,
    );
  return readSidecarWeights(state.source, state.base);
}

/** The folder data paths are relative to: the project's (as for `layerloom train`), else the current one. */
export const projectDirOf = (state: Pick<SweepState, 'source'>): string =>
  state.source !== undefined ? path.dirname(state.source) : process.cwd();

/**
 * `layerloom sweep-variant DIR VARIANT RUN_DIR [--backend B] [--allow-data-outside]`: trains one variant of the sweep in
 * DIR into DIR/RUN_DIR. Started by the parallel sweep, never by people. Exits when its parent dies,
 * so a killed sweep leaves no orphan writing into a folder the resume abandons.
 */
export async function sweepVariantCommand(argv: readonly string[], io: CliIo): Promise<number> {
  if (process.send) process.on('disconnect', () => process.exit(137));
  const outside = argv.includes(ALLOW_OUTSIDE);
  const [dir, id, runDir, flag, backend] = argv.filter((a) => a !== ALLOW_OUTSIDE);
  if (!dir || !id || !runDir || (flag !== undefined && flag !== '--backend')) {
    io.err(`layerloom ${CHILD_COMMAND}: internal command, started by a parallel sweep\n`);
    return 2;
  }
  const loaded = await loadSweep(dir);
  if (!loaded.ok) {
    io.err(`layerloom ${CHILD_COMMAND}: ${loaded.error}\n`);
    return 2;
  }
  const variant = loaded.state.variants.find((v) => v.id === id);
  if (!variant) {
    io.err(`layerloom ${CHILD_COMMAND}: ${dir} has no variant ${id}\n`);
    return 2;
  }
  let stopping = false;
  process.once('SIGINT', () => (stopping = true));
  const outcome = await trainVariant({
    doc: variantGraph(loaded.state, variant),
    runDir: path.join(dir, runDir),
    projectDir: projectDirOf(loaded.state),
    backend: backend ?? null,
    shouldStop: () => stopping,
    io,
    weights: await carriedWeights(loaded.state, dir),
    allowDataOutside: outside,
    // The parent passes these lines on, once per sweep (see childTrainer).
    warn: (m) => io.err(`warning: ${m}\n`),
    variant,
  });
  return outcome.runStatus === 'failed' ? 1 : 0;
}

export interface ChildTrainerOptions {
  dir: string;
  command: readonly string[];
  backend: string | null;
  threads: number;
  io: CliIo;
  allowDataOutside: boolean;
  /** Gets each `warning: ` line a child prints, without the prefix. */
  warn: (message: string) => void;
}

/** A trainer that runs each variant in a child process, its output prefixed with the variant id. */
export function childTrainer(o: ChildTrainerOptions): TrainVariant {
  return ({ runDir, variant }) =>
    new Promise<RunOutcome>((resolve) => {
      const [exe, ...pre] = o.command as [string, ...string[]];
      const args = [...pre, CHILD_COMMAND, o.dir, variant.id, path.relative(o.dir, runDir)];
      if (o.backend !== null) args.push('--backend', o.backend);
      if (o.allowDataOutside) args.push(ALLOW_OUTSIDE);
      const child = spawn(exe, args, {
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        env: { ...process.env, LAYERLOOM_WASM_THREADS: String(o.threads) },
      });
      let errTail = '';
      const prefix = (s: string) =>
        s
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => `  [${variant.id}] ${l}\n`)
          .join('');
      child.stdout?.setEncoding('utf8').on('data', (s: string) => o.io.out(prefix(s)));
      let errLine = '';
      child.stderr?.setEncoding('utf8').on('data', (s: string) => {
        errTail = (errTail + s).slice(-2000);
        const lines = (errLine + s).split('\n');
        errLine = lines.pop() ?? '';
        for (const l of lines) if (l.startsWith(WARNING)) o.warn(l.slice(WARNING.length));
      });
      const finish = async (code: number | null, error?: Error) => {
        const outcome = await readOutcome(runDir);
        if (outcome && outcome.runStatus !== 'running') return resolve(outcome);
        const why = error?.message ?? (errTail.trim().split('\n').at(-1) || `exit code ${String(code)}`);
        resolve({ runStatus: 'failed', error: `the variant's process ended without a result: ${why}` });
      };
      child.on('error', (e) => void finish(null, e));
      child.on('exit', (code) => void finish(code));
    });
}
