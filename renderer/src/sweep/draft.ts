/**
 * The sweep a project defines, as the editor keeps it: the document's extension field `sweep`
 * (saved with the project, changed through the undoable `setDocumentField` command). Pure data in,
 * pure data out; graph-core's SweepSpec is built from it at run time.
 */
import type { ParamSpec } from '../../../graph-core/src/catalogue';
import type { GraphDocument, JsonValue } from '../../../graph-core/src/document';
import {
  baseSeed,
  isRange,
  jsonEqual,
  paramKey,
  type SweepParam,
  type SweepRange,
  type SweepSpec,
} from '../../../graph-core/src/experiments';

export const SWEEP_FIELD = 'sweep';
export const DEFAULT_METRIC = 'val_acc';
/** Used when the graph has no Optimizer seed (CLI's fallback too). */
export const FALLBACK_SEED = 42;

export interface SweepDraft {
  params: SweepParam[];
  mode: 'grid' | 'random';
  /** Most runs for random search (repeats included); ignored by a grid. */
  budget: number;
  repeats: number;
  metric: string;
}

export const EMPTY_DRAFT: SweepDraft = {
  params: [],
  mode: 'grid',
  budget: 10,
  repeats: 1,
  metric: DEFAULT_METRIC,
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const wholeFrom = (v: unknown, min: number, fallback: number): number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min ? v : fallback;

function readParam(raw: unknown): SweepParam | null {
  if (!isObject(raw) || typeof raw.nodeId !== 'string' || typeof raw.field !== 'string') return null;
  const v = raw.values;
  if (Array.isArray(v)) return { nodeId: raw.nodeId, field: raw.field, values: v as JsonValue[] };
  if (
    isObject(v) &&
    (v.range === 'log' || v.range === 'linear') &&
    typeof v.min === 'number' &&
    typeof v.max === 'number' &&
    typeof v.count === 'number'
  ) {
    const range: SweepRange = { range: v.range, min: v.min, max: v.max, count: v.count };
    if (v.integer === true) range.integer = true;
    return { nodeId: raw.nodeId, field: raw.field, values: range };
  }
  return null;
}

/**
 * The document's sweep, read leniently: a hand-edited or foreign `sweep` field never breaks the
 * editor; what cannot be read is dropped, and checkSweep reports what is read but wrong.
 */
export function readDraft(doc: GraphDocument): SweepDraft {
  const raw = doc[SWEEP_FIELD];
  if (!isObject(raw)) return EMPTY_DRAFT;
  const params = Array.isArray(raw.params)
    ? raw.params.map(readParam).filter((p): p is SweepParam => p !== null)
    : [];
  return {
    params,
    mode: raw.mode === 'random' ? 'random' : 'grid',
    budget: wholeFrom(raw.budget, 1, EMPTY_DRAFT.budget),
    repeats: wholeFrom(raw.repeats, 1, 1),
    metric: typeof raw.metric === 'string' && raw.metric !== '' ? raw.metric : DEFAULT_METRIC,
  };
}

/** What `setDocumentField` stores; undefined removes the field once nothing is swept. */
export function draftValue(draft: SweepDraft): JsonValue | undefined {
  if (draft.params.length === 0) return undefined;
  return JSON.parse(JSON.stringify(draft)) as JsonValue;
}

export const findParam = (draft: SweepDraft, nodeId: string, field: string): SweepParam | undefined =>
  draft.params.find((p) => p.nodeId === nodeId && p.field === field);

/**
 * The values a param starts with when first swept: every option of a yes/no, the current value of
 * anything else (the user then ticks options or types a list). Starting from the current value
 * keeps the variant count at one until the user widens it.
 */
export function initialValues(spec: ParamSpec, current: JsonValue | undefined): JsonValue[] {
  if (spec.kind === 'bool') return [false, true];
  const value = current ?? (spec.default as JsonValue | null);
  return value === null || value === undefined ? [] : [value];
}

/** Turns the sweep of one param on (with initial values) or off. */
export function toggleParam(
  draft: SweepDraft,
  nodeId: string,
  field: string,
  spec: ParamSpec,
  current: JsonValue | undefined,
): SweepDraft {
  if (findParam(draft, nodeId, field)) return removeParam(draft, nodeId, field);
  return { ...draft, params: [...draft.params, { nodeId, field, values: initialValues(spec, current) }] };
}

export function removeParam(draft: SweepDraft, nodeId: string, field: string): SweepDraft {
  return { ...draft, params: draft.params.filter((p) => !(p.nodeId === nodeId && p.field === field)) };
}

export function setValues(draft: SweepDraft, key: string, values: SweepParam['values']): SweepDraft {
  return { ...draft, params: draft.params.map((p) => (paramKey(p) === key ? { ...p, values } : p)) };
}

/** Ticks or unticks one listed value (enum options, yes/no), keeping the catalogue's option order. */
export function toggleValue(
  draft: SweepDraft,
  key: string,
  value: JsonValue,
  order: readonly JsonValue[],
): SweepDraft {
  const p = draft.params.find((q) => paramKey(q) === key);
  if (!p || isRange(p.values)) return draft;
  const has = p.values.some((v) => jsonEqual(v, value));
  const next = has ? p.values.filter((v) => !jsonEqual(v, value)) : [...p.values, value];
  const rank = (v: JsonValue) => {
    const i = order.findIndex((o) => jsonEqual(o, v));
    return i < 0 ? order.length : i;
  };
  return setValues(
    draft,
    key,
    [...next].sort((a, b) => rank(a) - rank(b)),
  );
}

/** Drops swept params whose node is gone (deleted on the canvas), so the sweep stays runnable. */
export function liveParams(doc: GraphDocument, draft: SweepDraft): SweepDraft {
  const ids = new Set(doc.nodes.map((n) => n.id));
  const params = draft.params.filter((p) => ids.has(p.nodeId));
  return params.length === draft.params.length ? draft : { ...draft, params };
}

/** The graph-core spec to expand: the graph's own seed for every variant, so only swept params differ. */
export function specFromDraft(doc: GraphDocument, draft: SweepDraft): SweepSpec {
  return {
    params: draft.params,
    mode: draft.mode,
    ...(draft.mode === 'random' ? { budget: draft.budget } : {}),
    seed: baseSeed(doc) ?? FALLBACK_SEED,
    repeats: draft.repeats,
    metric: draft.metric,
  };
}
