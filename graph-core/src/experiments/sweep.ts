import { resolveParams } from '../catalogue';
import type { GraphDocument, JsonValue } from '../document/types';
import { randomInt, sampleDistinct, seededRandom } from './rng';
import {
  checkSweep,
  gridValues,
  isRange,
  MERGE_FIELD,
  paramKey,
  sampleRange,
  type SweepIssue,
  type SweepParam,
  type SweepSpec,
} from './sweepSpec';
import { formatValue, getField, setField } from './values';

/** One param set to one value in one variant. */
export interface Assignment {
  nodeId: string;
  field: string;
  value: JsonValue;
  /** The value's name from the spec's `labels`, used in labels instead of the value. */
  text?: string;
  /** Other nodes that take the same value (the param's `linked`). */
  linked?: string[];
}

/** Does this assignment write into node `id` (its own node or a linked one)? */
export const assigns = (a: Pick<Assignment, 'nodeId' | 'linked'>, id: string): boolean =>
  a.nodeId === id || (a.linked?.includes(id) ?? false);

/** The part of a variant that is saved in `sweep.json`; the graph is rebuilt from it and the base. */
export interface VariantPlan {
  /** `v01`, `v02`, … in run order; also the variant's run folder name inside the sweep folder. */
  id: string;
  /** `a1.activation=relu, opt.learningRate=0.01`, plus `seed N` when the sweep repeats. */
  label: string;
  assignments: Assignment[];
  /** 0 for the first run of a combination, 1… for its repeats. */
  repeat: number;
  /** The training seed this variant runs with. */
  seed: number;
}

export interface SweepVariant extends VariantPlan {
  /** The base graph with the assignments and the seed written in: a complete project to train. */
  doc: GraphDocument;
}

export type SweepExpansion =
  | { ok: true; variants: SweepVariant[]; combinations: number; capped: boolean }
  | { ok: false; issues: SweepIssue[] };

/**
 * The training seed lives on the Optimizer node (issue 2); the Dataset's own seed is left alone so
 * every variant trains and validates on the same split.
 */
export function applyVariant(
  base: GraphDocument,
  plan: Pick<VariantPlan, 'assignments' | 'seed'>,
): GraphDocument {
  const nodes = base.nodes.map((n) => {
    let params = n.type === 'Optimizer' ? setField(n.params, 'seed', plan.seed) : n.params;
    for (const a of plan.assignments) {
      if (!assigns(a, n.id)) continue;
      const v = a.value;
      const merge = a.field === MERGE_FIELD && typeof v === 'object' && v !== null && !Array.isArray(v);
      params = merge ? { ...params, ...(v as Record<string, JsonValue>) } : setField(params, a.field, v);
    }
    return params === n.params ? n : { ...n, params };
  });
  return { ...base, nodes };
}

export function variantLabel(assignments: readonly Assignment[], seed: number | null): string {
  const parts = assignments.map((a) => {
    const node = [a.nodeId, ...(a.linked ?? [])].join('+');
    const key = a.field === MERGE_FIELD ? node : paramKey({ nodeId: node, field: a.field });
    return `${key}=${a.text ?? formatValue(a.value)}`;
  });
  if (seed !== null) parts.push(`seed ${seed}`);
  return parts.join(', ');
}

/** The Optimizer's seed in the base graph (its documented default when left out); a sweep uses it unless told another. */
export function baseSeed(doc: GraphDocument): number | undefined {
  const opt = doc.nodes.find((n) => n.type === 'Optimizer');
  const seed = opt ? getField(resolveParams(opt), 'seed') : undefined;
  return typeof seed === 'number' && Number.isInteger(seed) ? seed : undefined;
}

/** How many combinations a grid over these params holds (repeats not counted). */
export function gridSize(spec: Pick<SweepSpec, 'params'>): number {
  return spec.params.reduce((n, p) => n * gridValues(p.values).length, 1);
}

function assign(p: SweepParam, index: number | null, value: JsonValue): Assignment {
  const text = index === null ? undefined : p.labels?.[index];
  return {
    nodeId: p.nodeId,
    field: p.field,
    value,
    ...(text !== undefined ? { text } : {}),
    ...(p.linked && p.linked.length > 0 ? { linked: p.linked } : {}),
  };
}

/** Combination `index` of the grid; the first param varies slowest, as nested loops in spec order. */
function gridCombination(spec: SweepSpec, lists: JsonValue[][], index: number): Assignment[] {
  const out: Assignment[] = [];
  let rest = index;
  for (let i = spec.params.length - 1; i >= 0; i--) {
    const list = lists[i] as JsonValue[];
    const p = spec.params[i] as SweepParam;
    out.unshift(assign(p, rest % list.length, list[rest % list.length] as JsonValue));
    rest = Math.floor(rest / list.length);
  }
  return out;
}

function combinations(spec: SweepSpec, runsWanted: number): Assignment[][] {
  const lists = spec.params.map((p) => gridValues(p.values));
  const size = lists.reduce((n, l) => n * l.length, 1);
  if (spec.mode === 'grid') {
    return Array.from({ length: Math.min(size, runsWanted) }, (_, i) => gridCombination(spec, lists, i));
  }
  const next = seededRandom(spec.seed);
  if (!spec.params.some((p) => isRange(p.values))) {
    // Only listed values: draw distinct grid points, so random search never repeats a combination.
    return sampleDistinct(next, size, runsWanted).map((i) => gridCombination(spec, lists, i));
  }
  return Array.from({ length: runsWanted }, () =>
    spec.params.map((p) => {
      if (isRange(p.values)) return assign(p, null, sampleRange(p.values, next()));
      const i = randomInt(next, p.values.length);
      return assign(p, i, p.values[i] as JsonValue);
    }),
  );
}

/**
 * Spells a sweep out into the variants to train, in run order. Every variant trains with the spec's
 * seed; repeat r of a combination trains with seed + r. The budget caps the number of runs, repeats
 * included. Mistakes in the spec come back as issues, not exceptions.
 */
export function expandSweep(doc: GraphDocument, spec: SweepSpec): SweepExpansion {
  const issues = checkSweep(doc, spec);
  if (issues.length > 0) return { ok: false, issues };
  const repeats = spec.repeats ?? 1;
  const budget = spec.budget ?? Number.POSITIVE_INFINITY;
  const full =
    spec.mode === 'grid' || !spec.params.some((p) => isRange(p.values))
      ? gridSize(spec)
      : Number.POSITIVE_INFINITY;
  const combos = combinations(spec, Math.min(full, Math.ceil(budget / repeats)));
  const plans: Omit<VariantPlan, 'id'>[] = [];
  for (const assignments of combos) {
    for (let r = 0; r < repeats && plans.length < budget; r++) {
      const seed = spec.seed + r;
      plans.push({
        label: variantLabel(assignments, repeats > 1 ? seed : null),
        assignments,
        repeat: r,
        seed,
      });
    }
  }
  const width = String(plans.length).length;
  const variants = plans.map((p, i) => {
    const plan = { id: `v${String(i + 1).padStart(Math.max(2, width), '0')}`, ...p };
    return { ...plan, doc: applyVariant(doc, plan) };
  });
  return {
    ok: true,
    variants,
    combinations: combos.length,
    capped: Number.isFinite(full) && full * repeats > variants.length,
  };
}
