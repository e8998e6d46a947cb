import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { analyzeGraph } from '../../../graph-core/src/analysis';
import { parseProject } from '../../../graph-core/src/document';
import type { GraphDocument } from '../../../graph-core/src/document';
import {
  baseSeed,
  expandSweep,
  paramKey,
  parseSweepSpecFile,
  projectSweep,
  setField,
  type SweepParam,
  type SweepSpec,
  type SweepVariant,
} from '../../../graph-core/src/experiments';
import { parseSetArg, type SweepCliOptions } from './sweepArgs';

export interface SweepPlan {
  name: string;
  /** The project file the base graph came from (absolute). */
  graphFile: string;
  base: GraphDocument;
  spec: SweepSpec;
  variants: SweepVariant[];
  combinations: number;
  capped: boolean;
  /** True when the sweep is the one stored in the project (the app's sweep panel), no `--set` given. */
  stored: boolean;
}

/** A user mistake: the lines to print and the exit code (2 unreadable input, 1 a bad sweep). */
export interface PlanError {
  code: 1 | 2;
  lines: string[];
}

const fail = (code: 1 | 2, ...lines: string[]): PlanError => ({ code, lines });

/** `--epochs` and `--limit` are written into the graph, so every run folder records what it trained. */
function applyOverrides(doc: GraphDocument, o: Pick<SweepCliOptions, 'epochs' | 'limit'>): GraphDocument {
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      if (n.type === 'Optimizer' && o.epochs !== null)
        return { ...n, params: setField(n.params, 'epochs', o.epochs) };
      if (n.type === 'Dataset' && o.limit !== null)
        return { ...n, params: setField(n.params, 'limit', o.limit) };
      return n;
    }),
  };
}

interface Input {
  doc: GraphDocument;
  fileSpec: Partial<SweepSpec>;
  name: string;
  graphFile: string;
  isProject: boolean;
}

async function readInput(file: string): Promise<Input | PlanError> {
  const text = await fsp
    .readFile(file, 'utf8')
    .catch((e: NodeJS.ErrnoException) =>
      fail(2, `${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`),
    );
  if (typeof text !== 'string') return text;
  let format: unknown;
  try {
    format = (JSON.parse(text) as { format?: unknown }).format;
  } catch {
    format = undefined; // parseProject explains the syntax error with its line and column
  }
  if (format !== 'layerloom-sweep-spec') {
    const p = parseProject(text);
    if (!p.ok) return fail(2, `${file}: ${p.error}`);
    return { doc: p.doc, fileSpec: {}, name: p.doc.name, graphFile: path.resolve(file), isProject: true };
  }
  const s = parseSweepSpecFile(text);
  if (!s.ok) return fail(2, `${file}: ${s.error}`);
  const graphFile = path.resolve(path.dirname(file), s.value.graph);
  const graphText = await fsp.readFile(graphFile, 'utf8').catch(() => null);
  if (graphText === null)
    return fail(2, `${file}: its graph ${s.value.graph} cannot be read (looked at ${graphFile})`);
  const p = parseProject(graphText);
  if (!p.ok) return fail(2, `${graphFile}: ${p.error}`);
  const { format: _f, version: _v, name, description: _d, graph: _g, ...spec } = s.value;
  return { doc: p.doc, fileSpec: spec, name, graphFile, isProject: false };
}

/**
 * Reads FILE (a project or a sweep file), merges the `--set` params (a `--set` for a param the file
 * already sweeps replaces it) and the flags, expands the variants, and checks every variant graph so
 * that a bad value fails before anything trains.
 */
export async function planSweep(o: SweepCliOptions): Promise<SweepPlan | PlanError> {
  if (o.file === null) return fail(2, 'sweep needs a FILE');
  const input = await readInput(o.file);
  if ('code' in input) return input;
  const base = applyOverrides(input.doc, o);
  const params: SweepParam[] = [...(input.fileSpec.params ?? [])];
  for (const arg of o.sets) {
    const p = parseSetArg(arg, base);
    if (!p.ok) return fail(1, p.error);
    const at = params.findIndex((q) => paramKey(q) === paramKey(p.value));
    if (at >= 0) params[at] = p.value;
    else params.push(p.value);
  }
  // A project run without --set sweeps what the app stored in it (its `sweep` field).
  const stored = input.isProject && o.sets.length === 0 ? projectSweep(input.doc) : null;
  if (stored) params.push(...stored.params);
  const fileSpec: Partial<SweepSpec> = stored ?? input.fileSpec;
  const spec: SweepSpec = {
    params,
    mode: o.random !== null ? 'random' : (fileSpec.mode ?? 'grid'),
    seed: o.seed ?? fileSpec.seed ?? baseSeed(base) ?? 42,
    ...((o.budget ?? o.random ?? fileSpec.budget) !== undefined
      ? { budget: o.budget ?? o.random ?? fileSpec.budget }
      : {}),
    ...((o.repeats ?? fileSpec.repeats) !== undefined ? { repeats: o.repeats ?? fileSpec.repeats } : {}),
    ...((o.metric ?? fileSpec.metric) !== undefined ? { metric: o.metric ?? fileSpec.metric } : {}),
    ...((o.halving ?? fileSpec.halving) ? { halving: o.halving ?? fileSpec.halving } : {}),
  };
  if (spec.params.length === 0)
    return fail(
      1,
      'Nothing to sweep: the project stores no sweep; add --set NODE.FIELD=V1,V2 (e.g. --set a1.activation=relu,tanh) or set one up in the app.',
    );
  const x = expandSweep(base, spec);
  if (!x.ok) return fail(1, ...x.issues.map((i) => i.message));
  for (const v of x.variants) {
    const errors = analyzeGraph(v.doc).diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0)
      return fail(
        1,
        `Variant ${v.id} (${v.label}) is not a valid graph:`,
        ...errors.map((d) => `  ${d.message}`),
      );
  }
  return {
    name: input.name,
    graphFile: input.graphFile,
    base,
    spec,
    variants: x.variants,
    combinations: x.combinations,
    capped: x.capped,
    stored: stored !== null,
  };
}
