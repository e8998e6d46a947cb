import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { parseProject } from '../../../graph-core/src/document';
import type { GraphDocument } from '../../../graph-core/src/document';
import {
  compareTable,
  describeGraphDiff,
  diffGraphs,
  diffHyperParams,
  incomparableMetrics,
  paramDiffTable,
  paramVariantKeys,
  sweepVariantKey,
  withVariantColumns,
  type CostAxis,
  tableToCsv,
  tableToMarkdown,
  tableToText,
  type ComparisonTable,
  type RunResult,
} from '../../../graph-core/src/experiments';
import { readRunFolder, runOutcome } from '../../../graph-core/src/runs';
import { nodeRunFolderFiles } from '../fs/run-folder-files';
import { readRunCurves, writeChart } from './compareChart';
import { compareVariants, readSeedRun, variantSection } from './compareStats';
import { loadSweep } from './sweepRun';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

interface LoadedRun {
  run: RunResult;
  dir: string;
  graph: GraphDocument | null;
  /** The sweep combination the run is a seed of; plain runs are grouped by their graphs. */
  variant?: { key: string; label: string };
}

/** One run folder, in any layout graph-core's reader knows: summary.json required, the rest optional. */
export async function loadRun(dir: string, label?: string): Promise<LoadedRun | string> {
  const folder = await readRunFolder(nodeRunFolderFiles(dir), { id: path.basename(dir) });
  const outcome = runOutcome(folder);
  if (!outcome) return `${dir}: not a run folder (no readable summary.json)`;
  const backend = folder.summaryJson?.backend;
  const parsed = folder.graph === null ? null : parseProject(folder.graph);
  return {
    run: {
      id: folder.id,
      label: label ?? (folder.metaMadeUp ? folder.id : folder.meta.name),
      status: outcome.runStatus,
      ...(outcome.durationMs !== undefined ? { durationMs: outcome.durationMs } : {}),
      ...(typeof backend === 'string' ? { backend } : {}),
      final: outcome.final ?? {},
    },
    graph: parsed?.ok ? parsed.doc : null,
    dir,
  };
}

/** A sweep folder stands for the runs of its finished variants, labelled by their variant labels. */
async function loadTarget(dir: string): Promise<LoadedRun[] | string> {
  const sweep = await loadSweep(dir);
  if (!sweep.ok) {
    if (!(await fsp.stat(dir).catch(() => null))?.isDirectory()) return `${dir}: no such folder`;
    const one = await loadRun(dir);
    return typeof one === 'string' ? one : [one];
  }
  const runs: LoadedRun[] = [];
  for (const v of sweep.state.variants) {
    if (!v.runDir || (v.status !== 'done' && v.status !== 'failed')) continue;
    const r = await loadRun(path.join(dir, v.runDir), v.label);
    if (typeof r !== 'string') runs.push({ ...r, variant: sweepVariantKey(v.assignments) });
  }
  return runs.length > 0 ? runs : `${dir}: the sweep has no finished variants yet`;
}

async function writeCompareChart(file: string, loaded: readonly LoadedRun[]): Promise<string | null> {
  const runs = await Promise.all(loaded.map((l) => readRunCurves(l.dir, l.run.label)));
  const title = `${loaded.length} run${loaded.length === 1 ? '' : 's'} compared`;
  try {
    await writeChart(file, runs, { title });
    return null;
  } catch (e) {
    return `cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
  }
}

type Format = 'text' | 'md' | 'csv';
const render = (t: ComparisonTable, f: Format) =>
  f === 'md' ? tableToMarkdown(t) : f === 'csv' ? tableToCsv(t) : tableToText(t);

interface CompareArgs {
  dirs: string[];
  metric: string | null;
  format: Format;
  svg: string | null;
  target: number | null;
  cost: CostAxis;
}

const COSTS: Record<string, CostAxis> = {
  params: 'params',
  flops: 'flops',
  time: 'trainSeconds',
  latency: 'latencyMs',
};

function parseArgs(argv: readonly string[]): CompareArgs | string {
  const dirs: string[] = [];
  let metric: string | null = null;
  let format: Format = 'text';
  let svg: string | null = null;
  let target: number | null = null;
  let cost: CostAxis = 'params';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') ? (arg.split(/=(.*)/s) as [string, string?]) : [arg];
    if (!arg.startsWith('--')) dirs.push(arg);
    else if (
      flag === '--metric' ||
      flag === '--format' ||
      flag === '--svg' ||
      flag === '--target' ||
      flag === '--cost'
    ) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') return `${flag} needs a value`;
      if (flag === '--metric') metric = value;
      else if (flag === '--target') {
        target = Number(value);
        if (!Number.isFinite(target)) return `--target must be a number, found "${value}"`;
      } else if (flag === '--cost') {
        const axis = COSTS[value];
        if (!axis) return `--cost must be params, flops, time or latency, found "${value}"`;
        cost = axis;
      } else if (flag === '--svg') svg = value;
      else if (value === 'text' || value === 'md' || value === 'csv') format = value;
      else return `--format must be text, md or csv, found "${value}"`;
    } else return `unknown option ${flag}`;
  }
  if (dirs.length === 0) return 'compare needs at least one RUN_DIR (or a sweep folder)';
  return { dirs, metric, format, svg, target, cost };
}

/**
 * `layerloom compare RUN_DIR… [--metric M] [--format text|md|csv] [--svg FILE] [--target V] [--cost C]`: the final-metrics
 * table (best marked) and what differs between the runs' graphs; `--svg` also writes the runs'
 * validation curves as a chart. Exit 0, or 2 when a folder cannot be read or the chart not written.
 */
export async function compareCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.err(`layerloom compare: ${args}\n`);
    return 2;
  }
  const loaded: LoadedRun[] = [];
  for (const dir of args.dirs) {
    const r = await loadTarget(dir);
    if (typeof r === 'string') {
      io.err(`layerloom compare: ${r}\n`);
      return 2;
    }
    loaded.push(...r);
  }
  const runs = loaded.map((l) => l.run);
  const withGraph = loaded.filter((l): l is LoadedRun & { graph: GraphDocument } => l.graph !== null);
  const rows = withGraph.length === loaded.length ? diffHyperParams(withGraph.map((l) => l.graph)) : [];
  const first = withGraph[0]?.graph;
  const typeOf = (id: string) => first?.nodes.find((n) => n.id === id)?.type;
  const options = {
    incomparable: incomparableMetrics(rows, typeOf),
    ...(args.metric ? { rankBy: args.metric } : {}),
  };
  const table = compareTable(runs, options);
  const isSeed = (r: { nodeId: string; field: string | null }) =>
    r.field === 'seed' && typeOf(r.nodeId) === 'Optimizer';
  const keys =
    withGraph.length === loaded.length
      ? paramVariantKeys(rows, loaded.length, isSeed, (i) => loaded[i]!.run.label)
      : loaded.map((l) => ({ key: l.run.id, label: l.run.label }));
  const seedRuns = await Promise.all(loaded.map((l, i) => readSeedRun(l.dir, l.run, l.variant ?? keys[i]!)));
  const stats = compareVariants(seedRuns, {
    ...(args.metric ? { metric: args.metric } : {}),
    ...(args.target !== null ? { target: args.target } : {}),
  });
  if (args.format === 'csv') io.out(render(withVariantColumns(table, seedRuns, stats), 'csv'));
  else io.out(`${render(table, args.format)}\n${variantSection(stats, args.format, args.cost)}`);
  if (args.svg !== null) {
    const problem = await writeCompareChart(args.svg, loaded);
    if (problem) {
      io.err(`layerloom compare: ${problem}\n`);
      return 2;
    }
    if (args.format !== 'csv') io.out(`\nWrote the curves of ${loaded.length} runs to ${args.svg}\n`);
  }
  if (args.format === 'csv') return 0;
  io.out('\n');
  if (withGraph.length < loaded.length) {
    const missing = loaded.filter((l) => l.graph === null).map((l) => l.run.id);
    io.out(
      `No graph diff: ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} no readable graph.layerloom.\n`,
    );
    return 0;
  }
  if (rows.length === 0) io.out('Hyper-parameters: the runs used the same graph and params.\n');
  else io.out(`Hyper-parameters that differ:\n\n${render(paramDiffTable(rows, runs), args.format)}`);
  const firstRun = withGraph[0];
  for (const other of withGraph.slice(1)) {
    if (!firstRun) break;
    const wiring = describeGraphDiff(diffGraphs(firstRun.graph, other.graph)).filter(
      (l) => !l.text.startsWith('~'),
    );
    if (wiring.length > 0)
      io.out(
        `\nStructure of ${other.run.label} vs ${firstRun.run.label}:\n${wiring.map((l) => `  ${l.text}`).join('\n')}\n`,
      );
  }
  return 0;
}
