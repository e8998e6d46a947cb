import type { GraphDocument, JsonValue } from '../document/types';
import { checkHalving, type HalvingSpec } from './halving';
import { getField } from './values';

/** Evenly spaced values between min and max (inclusive), on a linear or a log scale. */
export interface SweepRange {
  range: 'log' | 'linear';
  min: number;
  max: number;
  /** How many values a grid takes; random search samples the whole interval instead. */
  count: number;
  /** Round to whole numbers (batch sizes, units, patience). */
  integer?: boolean;
}

export interface SweepParam {
  nodeId: string;
  /**
   * A param name, a dotted path into a nested param (`earlyStopping.patience`), or `*` to merge
   * each value (an object) into the node's params: how several params switch together, e.g.
   * augmentation off `{ rotation: 0, shift: 0 }` vs on `{ rotation: 15, shift: 0.1 }`.
   */
  field: string;
  values: JsonValue[] | SweepRange;
  /** Names for listed values in labels and tables (`aug=off`), one per value. */
  labels?: string[];
  /**
   * Other nodes that take the same value in every variant, e.g. every hidden layer's activation of
   * a deep net (`nodeId` "a1", linked ["a2", "a3"]): one swept choice, not a grid over each layer.
   */
  linked?: string[];
}

/** The field that merges an object of params into the node, see `SweepParam.field`. */
export const MERGE_FIELD = '*';

export interface SweepSpec {
  params: SweepParam[];
  /** `grid` runs every combination; `random` draws `budget` of them with the seed. */
  mode: 'grid' | 'random';
  /** The most runs (repeats included) the sweep may start. */
  budget?: number;
  /** The training seed written into every variant, so only the swept params differ. */
  seed: number;
  /** Runs per combination; repeat r trains with seed + r to show the spread. Default 1. */
  repeats?: number;
  /** The metric variants are ranked by, e.g. `val_acc` (default) or `val_loss`. */
  metric?: string;
  /** Successive halving: train every variant briefly, keep the best 1/eta at each larger budget. */
  halving?: HalvingSpec;
}

export interface SweepIssue {
  /** `nodeId.field` of the param at fault, or null for the whole spec. */
  param: string | null;
  message: string;
}

export const paramKey = (p: { nodeId: string; field: string }): string => `${p.nodeId}.${p.field}`;

export function isRange(values: SweepParam['values']): values is SweepRange {
  return !Array.isArray(values);
}

const isWhole = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n);

function checkRange(r: SweepRange): string | null {
  if (r.range !== 'log' && r.range !== 'linear')
    return `range must be "log" or "linear", not ${JSON.stringify(r.range)}`;
  if (!Number.isFinite(r.min) || !Number.isFinite(r.max)) return 'min and max must be finite numbers';
  if (r.min > r.max) return `min (${r.min}) is larger than max (${r.max})`;
  if (r.range === 'log' && r.min <= 0) return `a log range needs min > 0, found ${r.min}`;
  if (!isWhole(r.count) || r.count < 1) return `count must be a whole number from 1 up, found ${r.count}`;
  if (r.integer && Math.ceil(r.min) > Math.floor(r.max))
    return `holds no whole number between ${r.min} and ${r.max}`;
  return null;
}

/** The node a param sweeps and its linked nodes, in that order. */
export const sweptNodeIds = (p: Pick<SweepParam, 'nodeId' | 'linked'>): string[] => [
  p.nodeId,
  ...(p.linked ?? []),
];

function checkLinked(doc: GraphDocument, p: SweepParam): string | null {
  const ids = sweptNodeIds(p);
  const node = doc.nodes.find((n) => n.id === p.nodeId);
  for (const id of ids.slice(1)) {
    const other = doc.nodes.find((n) => n.id === id);
    if (!other) return `links node "${id}", which is not in the graph "${doc.name}"`;
    if (node && other.type !== node.type)
      return `links ${other.type} "${id}" to ${node.type} "${node.id}"; linked nodes must be of one kind`;
  }
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  return twice === undefined ? null : `lists node "${twice}" twice`;
}

function checkParam(doc: GraphDocument, p: SweepParam): string | null {
  const node = doc.nodes.find((n) => n.id === p.nodeId);
  if (!node) return `there is no node "${p.nodeId}" in the graph "${doc.name}"`;
  const linked = checkLinked(doc, p);
  if (linked) return linked;
  if (p.labels !== undefined && (isRange(p.values) || p.labels.length !== p.values.length)) {
    return `has ${p.labels.length} labels for ${isRange(p.values) ? 'a range' : `${p.values.length} values`}`;
  }
  if (p.field === MERGE_FIELD) {
    const bad = isRange(p.values)
      ? p.values
      : p.values.find((v) => typeof v !== 'object' || v === null || Array.isArray(v));
    if (bad !== undefined)
      return `every value must be an object of ${node.type} params to merge, found ${JSON.stringify(bad)}`;
  }
  if (p.field === '' || p.field.split('.').some((s) => s === '')) return `"${p.field}" is not a param name`;
  const parts = p.field.split('.');
  for (let i = 1; i < parts.length; i++) {
    const outer = getField(node.params, parts.slice(0, i).join('.'));
    if (outer !== undefined && (typeof outer !== 'object' || outer === null || Array.isArray(outer))) {
      return `${node.type} "${node.id}" has ${parts.slice(0, i).join('.')} = ${JSON.stringify(outer)}, which has no field "${parts[i]}"`;
    }
  }
  if (isRange(p.values)) return checkRange(p.values);
  if (p.values.length === 0) return 'has no values';
  const seen = new Set<string>();
  for (const v of p.values) {
    const text = JSON.stringify(v);
    if (seen.has(text)) return `lists ${text} twice`;
    seen.add(text);
  }
  return null;
}

/** Every mistake in a spec against the graph it sweeps, each naming the param at fault. */
export function checkSweep(doc: GraphDocument, spec: SweepSpec): SweepIssue[] {
  const issues: SweepIssue[] = [];
  if (spec.params.length === 0)
    issues.push({ param: null, message: 'A sweep needs at least one swept param.' });
  const keys = new Set<string>();
  for (const p of spec.params) {
    const key = paramKey(p);
    if (keys.has(key)) issues.push({ param: key, message: `Sweep param ${key} is swept twice.` });
    keys.add(key);
    const problem = checkParam(doc, p);
    if (problem) issues.push({ param: key, message: `Sweep param ${key}: ${problem}.` });
  }
  if (spec.mode !== 'grid' && spec.mode !== 'random') {
    issues.push({
      param: null,
      message: `Sweep mode must be "grid" or "random", not ${JSON.stringify(spec.mode)}.`,
    });
  }
  if (spec.budget !== undefined && (!isWhole(spec.budget) || spec.budget < 1)) {
    issues.push({
      param: null,
      message: `The run budget must be a whole number from 1 up, found ${spec.budget}.`,
    });
  }
  if (spec.repeats !== undefined && (!isWhole(spec.repeats) || spec.repeats < 1)) {
    issues.push({ param: null, message: `Repeats must be a whole number from 1 up, found ${spec.repeats}.` });
  }
  if (!isWhole(spec.seed))
    issues.push({ param: null, message: `The seed must be a whole number, found ${spec.seed}.` });
  if (spec.mode === 'random' && spec.budget === undefined && spec.params.some((p) => isRange(p.values))) {
    issues.push({
      param: null,
      message: 'Random search over a range needs a run budget: the range holds endless values.',
    });
  }
  issues.push(...checkHalving(doc, spec));
  return issues;
}

/** The values a grid takes from a param, ranges spelled out. Float noise is rounded off for labels. */
export function gridValues(values: SweepParam['values']): JsonValue[] {
  if (!isRange(values)) return values;
  const { min, max, count, range, integer } = values;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = count === 1 ? 0 : i / (count - 1);
    const v =
      range === 'log' ? Math.exp(Math.log(min) + t * (Math.log(max) - Math.log(min))) : min + t * (max - min);
    out.push(integer ? Math.round(v) : Number(v.toPrecision(12)));
  }
  return [...new Set(out)];
}

/** One value drawn uniformly (log-uniformly for log ranges) from a range, for random search. */
export function sampleRange(r: SweepRange, u: number): number {
  const v =
    r.range === 'log'
      ? Math.exp(Math.log(r.min) + u * (Math.log(r.max) - Math.log(r.min)))
      : r.min + u * (r.max - r.min);
  if (r.integer) return Math.min(Math.floor(r.max), Math.max(Math.ceil(r.min), Math.round(v)));
  return Number(v.toPrecision(4));
}
