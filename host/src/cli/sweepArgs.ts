import { getKindSpec, paramFromText, type ParamSpec } from '../../../graph-core/src/catalogue';
import { isNodeType, type GraphDocument, type JsonValue } from '../../../graph-core/src/document';
import { parseHalvingText, type SweepParam, type SweepRange } from '../../../graph-core/src/experiments';

export type ArgResult<T> = { ok: true; value: T } | { ok: false; error: string };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** `relu` → "relu", `1e-3` → 0.001, `true` → true, `null` → null; anything else stays a string. */
export function parseScalar(text: string): JsonValue {
  const t = text.trim();
  if (NUMBER.test(t)) return Number(t);
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t === 'null') return null;
  return t;
}

const RANGE = /^(log|linear|lin):([^:]+):([^:]+):([^:]+)(:int)?$/;

/** `log:1e-4:1e-1:4`, `linear:16:128:3:int` → a range; the count is the grid's number of values. */
function parseRange(text: string): ArgResult<SweepRange> | null {
  const m = RANGE.exec(text.trim());
  if (!m) return null;
  const [, kind, min, max, count, int] = m;
  const nums = [min, max, count].map((s) => Number(s));
  if (nums.some((n) => !Number.isFinite(n))) {
    return {
      ok: false,
      error: `"${text}": a range is ${kind}:MIN:MAX:COUNT with numbers, e.g. log:1e-4:1e-1:4`,
    };
  }
  const [lo, hi, n] = nums as [number, number, number];
  return {
    ok: true,
    value: {
      range: kind === 'log' ? 'log' : 'linear',
      min: lo,
      max: hi,
      count: n,
      ...(int ? { integer: true } : {}),
    },
  };
}

/**
 * Splits `NODE.FIELD` against the graph's node ids. Ids may themselves hold dots, so the longest id
 * that prefixes the key wins: `block.1.units` is node `block.1`, field `units`, when that node exists.
 */
export function splitKey(key: string, doc: GraphDocument): ArgResult<{ nodeId: string; field: string }> {
  const ids = doc.nodes
    .map((n) => n.id)
    .filter((id) => key.startsWith(`${id}.`) && key.length > id.length + 1);
  ids.sort((a, b) => b.length - a.length);
  const nodeId = ids[0];
  if (nodeId !== undefined) return { ok: true, value: { nodeId, field: key.slice(nodeId.length + 1) } };
  const guess = key.split('.')[0] ?? key;
  if (!key.includes('.'))
    return { ok: false, error: `--set ${key}: expected NODE.FIELD=VALUES, e.g. a1.activation=relu,tanh` };
  const known = doc.nodes.map((n) => n.id).join(', ');
  return { ok: false, error: `--set ${key}: there is no node "${guess}" in the graph (nodes: ${known})` };
}

/**
 * One `--set` argument: `a1.activation=sigmoid,tanh,relu`, `opt.learningRate=log:1e-4:1e-1:4`, or a
 * JSON list for values that hold commas: `c1.kernelSize=[[3,3],[5,5]]`.
 */
export function parseSetArg(arg: string, doc: GraphDocument): ArgResult<SweepParam> {
  const eq = arg.indexOf('=');
  if (eq <= 0)
    return { ok: false, error: `--set ${arg}: expected NODE.FIELD=VALUES, e.g. a1.activation=relu,tanh` };
  const key = splitKey(arg.slice(0, eq).trim(), doc);
  if (!key.ok) return key;
  const text = arg.slice(eq + 1).trim();
  if (text === '') return { ok: false, error: `--set ${arg}: no values after "="` };
  const range = parseRange(text);
  if (range) return range.ok ? { ok: true, value: { ...key.value, values: range.value } } : range;
  if (text.startsWith('[')) {
    try {
      const list: unknown = JSON.parse(text);
      if (Array.isArray(list)) return { ok: true, value: { ...key.value, values: list as JsonValue[] } };
    } catch {
      // fall through to the message below
    }
    return {
      ok: false,
      error: `--set ${arg}: a value list starting with "[" must be a JSON list, e.g. [[3,3],[5,5]]`,
    };
  }
  const values = text.split(',').map((s) => s.trim());
  if (values.some((v) => v === ''))
    return { ok: false, error: `--set ${arg}: an empty value between commas` };
  const spec = numericSpec(doc, key.value.nodeId, key.value.field);
  if (!spec) return { ok: true, value: { ...key.value, values: values.map(parseScalar) } };
  // A number or per-axis param reads each value as the inspector reads its field ("3" for a
  // kernelSize is 3 for every axis; "3.5" for units is refused here, naming the param).
  const read: JsonValue[] = [];
  for (const v of values) {
    const parsed = paramFromText(spec, v);
    if (!parsed.ok) return { ok: false, error: `--set ${arg}: ${parsed.reason}` };
    if (parsed.value !== undefined) read.push(parsed.value);
  }
  return { ok: true, value: { ...key.value, values: read } };
}

/** The catalogue's spec of NODE.FIELD when it is a number or a per-axis list (read by the one param parser). */
function numericSpec(doc: GraphDocument, nodeId: string, field: string): ParamSpec | null {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node || !isNodeType(node.type)) return null;
  const spec = getKindSpec(node.type).params.find((p) => p.name === field);
  return spec && (spec.kind === 'int' || spec.kind === 'float' || spec.kind === 'shape') ? spec : null;
}

export interface SweepCliOptions {
  file: string | null;
  sets: string[];
  out: string | null;
  epochs: number | null;
  limit: number | null;
  random: number | null;
  budget: number | null;
  repeats: number | null;
  seed: number | null;
  metric: string | null;
  backend: string | null;
  resume: string | null;
  retryFailed: boolean;
  /** Variants trained at once, each in its own process; null: one per core (see defaultParallel). */
  parallel: number | null;
  /** `--allow-data-outside`, as for `train`: data paths may leave the project's folder. */
  allowDataOutside: boolean;
  /** `--halving ETA[:MIN_EPOCHS]`: successive halving over the variants (MIN_EPOCHS default 1). */
  halving: { eta: number; minEpochs: number } | null;
  /** `--continue VARIANT_ID` (repeatable, with --resume): train a variant halving stopped at the final budget. */
  continueIds: string[];
}

const INT_FLAGS = ['epochs', 'limit', 'random', 'budget', 'repeats', 'seed', 'parallel'] as const;
const STRING_FLAGS = ['out', 'metric', 'backend', 'resume'] as const;

/** `layerloom sweep` arguments. Flags take `--flag value` or `--flag=value`. */
export function parseSweepArgs(argv: readonly string[]): ArgResult<SweepCliOptions> {
  const o: SweepCliOptions = {
    file: null,
    sets: [],
    out: null,
    epochs: null,
    limit: null,
    random: null,
    budget: null,
    repeats: null,
    seed: null,
    metric: null,
    backend: null,
    resume: null,
    retryFailed: false,
    parallel: null,
    allowDataOutside: false,
    halving: null,
    continueIds: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) {
      if (o.file !== null) return { ok: false, error: `sweep takes one FILE; "${arg}" is a second one` };
      o.file = arg;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (name === 'retry-failed' || name === 'allow-data-outside') {
      if (name === 'retry-failed') o.retryFailed = true;
      else o.allowDataOutside = true;
      continue;
    }
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) return { ok: false, error: `--${name} needs a value` };
    if (name === 'set') o.sets.push(value);
    else if (name === 'continue') o.continueIds.push(value);
    else if (name === 'halving') {
      const h = parseHalvingText(value);
      if (!h)
        return {
          ok: false,
          error: `--halving takes ETA[:MIN_EPOCHS], whole numbers, ETA from 2 up (e.g. 3 or 3:2), found "${value}"`,
        };
      o.halving = h;
    } else if ((INT_FLAGS as readonly string[]).includes(name)) {
      const n = Number(value);
      const min = name === 'seed' ? Number.MIN_SAFE_INTEGER : 1;
      if (!Number.isInteger(n) || n < min)
        return {
          ok: false,
          error: `--${name} must be a whole number${min === 1 ? ' from 1 up' : ''}, found "${value}"`,
        };
      o[name as (typeof INT_FLAGS)[number]] = n;
    } else if ((STRING_FLAGS as readonly string[]).includes(name)) {
      o[name as (typeof STRING_FLAGS)[number]] = value;
    } else {
      return { ok: false, error: `unknown option --${name}` };
    }
  }
  if (o.file === null && o.resume === null)
    return { ok: false, error: 'sweep needs a FILE (a project or a sweep file), or --resume DIR' };
  if (o.resume !== null && (o.file !== null || o.sets.length > 0)) {
    return {
      ok: false,
      error: '--resume DIR continues a sweep as it was planned: give no FILE or --set with it',
    };
  }
  if (o.resume !== null && o.halving !== null)
    return { ok: false, error: '--halving is planned with the sweep; a resumed sweep keeps its schedule' };
  if (o.continueIds.length > 0 && o.resume === null)
    return { ok: false, error: '--continue VARIANT_ID goes with --resume DIR (the sweep that stopped it)' };
  return { ok: true, value: o };
}
