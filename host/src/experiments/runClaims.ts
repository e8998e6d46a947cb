/**
 * The reproduction report's driver (`npm run experiments`): runs every claim's sweep through the
 * CLI's own sweep command, reads the run folders back, and writes docs/EXPERIMENTS.md with one
 * chart per claim. The statistics are graph-core's (compareVariants, describe); nothing here
 * computes one of its own.
 */
import { existsSync, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  judgeClaim,
  parseClaimsFile,
  parseSweepSpecFile,
  renderExperimentsReport,
  renderMetricChartSvg,
  sweepVariantKey,
  type Claim,
  type ClaimResult,
  type ReportInput,
  type SweepState,
} from '../../../graph-core/src/experiments';
import { compareVariants } from '../../../graph-core/src/experiments';
import { readRunFolder } from '../../../graph-core/src/runs';
import { nodeRunFolderFiles } from '../fs/run-folder-files';
import type { CliIo } from '../cli/compare';
import { sweepSeedRuns } from '../cli/compareStats';
import { sweepCommand } from '../cli/sweep';
import { loadSweep } from '../cli/sweepRun';
import { bandChartRuns, variantGroup } from './claimResults';

/** The pipeline check CI runs: 2 seeds, 300 digits, 1 epoch (verdicts mean nothing at this size). */
export const TINY_ARGS = ['--repeats', '2', '--limit', '300', '--epochs', '1'] as const;

export interface RunClaimsOptions {
  /** assets/experiments/claims.json */
  claimsFile: string;
  /** The repository root: report paths are written relative to it. */
  root: string;
  /** Where the report goes (docs/EXPERIMENTS.md); its charts go to images/experiments/ beside it. */
  reportFile: string;
  /** Sweep folders, one per claim; a claim whose folder holds a sweep is resumed, not restarted. */
  workDir: string;
  tiny: boolean;
  /** Claim ids to run; all when absent. */
  only?: readonly string[];
  /** How to start the CLI for parallel variants; null trains in this process, one at a time. */
  childCommand: string[] | null;
  command: string;
  /** The commit the report is generated from, stated in it. */
  commit?: string;
  machine: string;
  io: CliIo;
}

async function readJson(file: string): Promise<string> {
  return fsp.readFile(file, 'utf8');
}

/** Runs one claim's sweep (or resumes it) with the sweep's output kept in a log beside it. */
async function runSweep(o: RunClaimsOptions, sweepFile: string, out: string): Promise<number> {
  let log = '';
  const io: CliIo = { out: (s) => (log += s), err: (s) => (log += s) };
  const resume = existsSync(path.join(out, 'sweep.json'));
  const args = resume
    ? ['--resume', out, '--retry-failed']
    : [sweepFile, '--out', out, '--backend', 'wasm', ...(o.tiny ? TINY_ARGS : [])];
  const code = await sweepCommand(args, io, {
    childCommand: o.childCommand,
    onInterrupt: () => () => {},
  });
  await fsp.writeFile(`${out}.log`, log);
  return code;
}

async function measure(
  o: RunClaimsOptions,
  claim: Claim,
  dir: string,
  state: SweepState,
): Promise<Omit<ClaimResult, 'claim' | 'title' | 'description' | 'sweepFile' | 'projectFile' | 'seconds'>> {
  const groups = new Map(state.variants.map((v) => [v.id, variantGroup(v.assignments)]));
  const runs = (await sweepSeedRuns(dir, state)).map((r) => ({
    ...r,
    variantLabel: groups.get(r.id) ?? r.variantLabel,
  }));
  const comparison = compareVariants(runs, { metric: claim.metric });
  const statuses = new Map<string, Record<string, number>>();
  const setup = new Map<string, { train: number; validation: number; epochs: number }>();
  for (const v of state.variants) {
    const label = groups.get(v.id) ?? v.label;
    const s = statuses.get(label) ?? {};
    const status = v.runStatus ?? v.status;
    s[status] = (s[status] ?? 0) + 1;
    statuses.set(label, s);
    if (setup.has(label) || !v.runDir) continue;
    const run = await readRunFolder(nodeRunFolderFiles(path.join(dir, v.runDir)), { id: v.id });
    const sum = run.summaryJson ?? {};
    const d = sum['dataset'] as { train?: unknown; validation?: unknown } | undefined;
    const epochs = sum['epochsPlanned'] ?? sum['epochs'];
    if (d && typeof d.train === 'number' && typeof d.validation === 'number')
      setup.set(label, {
        train: d.train,
        validation: d.validation,
        epochs: typeof epochs === 'number' ? epochs : 0,
      });
  }
  const judgement = judgeClaim(claim, comparison, statuses);
  const order = [...new Set(state.variants.map((v) => sweepVariantKey(v.assignments).key))];
  const metrics = claim.metric === 'val_acc' ? ['val_acc', 'val_loss'] : [claim.metric, 'val_acc'];
  const svg = renderMetricChartSvg(bandChartRuns(runs, order, metrics), {
    title: `${claim.id}: mean over seeds, band shaded`,
    metrics,
  });
  const chart = path.join(path.dirname(o.reportFile), 'images', 'experiments', `${claim.id}.svg`);
  await fsp.mkdir(path.dirname(chart), { recursive: true });
  await fsp.writeFile(chart, svg);
  return {
    comparison,
    statuses,
    judgement,
    setup,
    chart: path.relative(path.dirname(o.reportFile), chart).split(path.sep).join('/'),
  };
}

/** A sweep's wall time from sweep.json: first run started to last run finished. */
function sweepWallSeconds(state: SweepState): number | null {
  const starts = state.variants.flatMap((v) => (v.startedAt ? [Date.parse(v.startedAt)] : []));
  const ends = state.variants.flatMap((v) => (v.finishedAt ? [Date.parse(v.finishedAt)] : []));
  if (starts.length === 0 || ends.length === 0) return null;
  return (Math.max(...ends) - Math.min(...starts)) / 1000;
}

/** Runs the claims, writes the report and its charts, and returns what it wrote. */
export async function runClaims(o: RunClaimsOptions): Promise<ReportInput> {
  const started = Date.now();
  const loadAtStart = os.loadavg()[0] ?? 0;
  const parsed = parseClaimsFile(await readJson(o.claimsFile));
  if (!parsed.ok) throw new Error(parsed.error);
  const claims = parsed.value.claims.filter((c) => !o.only || o.only.includes(c.id));
  const unknown = (o.only ?? []).filter((id) => !parsed.value.claims.some((c) => c.id === id));
  if (unknown.length > 0) throw new Error(`no claim ${unknown.join(', ')} in ${o.claimsFile}`);
  await fsp.mkdir(o.workDir, { recursive: true });
  const input: ReportInput = {
    mode: o.tiny ? 'tiny' : 'full',
    command: o.command,
    ...(o.commit ? { commit: o.commit } : {}),
    generatedAt: new Date().toISOString(),
    machine: o.machine,
    totalSeconds: 0,
    results: [],
    notRun: [],
  };
  const rel = (f: string) => path.relative(o.root, f).split(path.sep).join('/');
  for (const claim of parsed.value.claims.filter((c) => !claims.includes(c))) {
    const spec = parseSweepSpecFile(await readJson(path.resolve(path.dirname(o.claimsFile), claim.sweep)));
    const title = spec.ok ? spec.value.name : claim.id;
    input.notRun.push({ claim, title, reason: 'left out of this run (--only)' });
  }
  for (const claim of claims) {
    const sweepFile = path.resolve(path.dirname(o.claimsFile), claim.sweep);
    const spec = parseSweepSpecFile(await readJson(sweepFile));
    if (!spec.ok) throw new Error(spec.error);
    const title = spec.value.name;
    const t0 = Date.now();
    const dir = path.join(o.workDir, claim.id);
    o.io.out(`${claim.id}: `);
    const code = await runSweep(o, sweepFile, dir);
    const loaded = await loadSweep(dir);
    const pending = loaded.ok ? loaded.state.variants.filter((v) => v.status !== 'done').length : -1;
    const seconds = (Date.now() - t0) / 1000;
    if (!loaded.ok || pending !== 0) {
      const reason = loaded.ok
        ? `${pending} of ${loaded.state.variants.length} runs did not finish (exit ${code}; see ${rel(dir)}.log)`
        : loaded.error;
      o.io.out(`not finished: ${reason}\n`);
      input.notRun.push({ claim, title, reason });
      continue;
    }
    const measured = await measure(o, claim, dir, loaded.state);
    const wall = sweepWallSeconds(loaded.state);
    input.results.push({
      claim,
      title,
      description: spec.value.description ?? '',
      sweepFile: rel(sweepFile),
      projectFile: rel(path.resolve(path.dirname(sweepFile), spec.value.graph)),
      seconds: wall ?? seconds,
      ...measured,
    });
    o.io.out(`${measured.judgement.verdict} (${Math.round(seconds)} s)\n`);
  }
  // A resumed report counts each claim's sweep from its first run's start to its last run's end.
  input.totalSeconds = Math.max(
    (Date.now() - started) / 1000,
    input.results.reduce((t, r) => t + r.seconds, 0),
  );
  input.loadAverage = { start: loadAtStart, end: os.loadavg()[0] ?? 0 };
  await fsp.writeFile(o.reportFile, renderExperimentsReport(input));
  return input;
}
