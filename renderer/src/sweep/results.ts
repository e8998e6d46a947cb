/** What a sweep's results view shows, computed from its SweepState: ranking, best variant, apply-best edits. */
import type { GraphDocument, JsonValue } from '../../../graph-core/src/document';
import {
  gridValues,
  jsonEqual,
  MERGE_FIELD,
  metricDirection,
  rankRuns,
  setField,
  type RankedRun,
  type RunResult,
  type SweepState,
  type VariantRecord,
} from '../../../graph-core/src/experiments';

export function variantResult(v: VariantRecord): RunResult {
  return {
    id: v.id,
    label: v.label,
    status: v.runStatus ?? v.status,
    ...(v.durationMs !== undefined ? { durationMs: v.durationMs } : {}),
    final: v.final ?? {},
  };
}

/** Every variant, best first by `metric`; variants without it (pending, failed) come last, unranked. */
export function rankVariants(state: SweepState, metric: string): RankedRun[] {
  return rankRuns(state.variants.map(variantResult), metric);
}

/**
 * The variant to apply: rank 1 of a completed run (a stopped or diverged one is not a fair winner,
 * nor one successive halving stopped: its number is from a shorter budget than the survivors').
 */
export function bestVariant(state: SweepState, metric: string): VariantRecord | undefined {
  const eligible = state.variants.filter(
    (v) => v.status === 'done' && v.runStatus === 'completed' && !v.stoppedAt,
  );
  const top = rankRuns(eligible.map(variantResult), metric)[0];
  if (!top || top.rank === null) return undefined;
  return eligible.find((v) => v.id === top.run.id);
}

/** Metrics the finished variants report, the chosen default first. */
export function rankableMetrics(state: SweepState, preferred: string): string[] {
  const keys = new Set<string>([preferred]);
  for (const v of state.variants)
    for (const [k, val] of Object.entries(v.final ?? {})) if (typeof val === 'number') keys.add(k);
  return [...keys];
}

export interface ParamEdit {
  nodeId: string;
  /** A top-level param name: nested fields are written by replacing their whole object. */
  name: string;
  value: JsonValue;
}

/**
 * The setParam edits that make the canvas graph train like `variant`: only params that differ, for
 * nodes that still exist. An empty list means the canvas already matches.
 */
export function applyBestEdits(doc: GraphDocument, variant: Pick<VariantRecord, 'assignments'>): ParamEdit[] {
  const edits = new Map<string, ParamEdit>();
  const targets = variant.assignments.flatMap((a) =>
    [a.nodeId, ...(a.linked ?? [])].map((id) => ({ a, node: doc.nodes.find((n) => n.id === id) })),
  );
  for (const { a, node } of targets) {
    if (!node) continue;
    const current = {
      ...node.params,
      ...Object.fromEntries(
        [...edits.values()].filter((e) => e.nodeId === node.id).map((e) => [e.name, e.value]),
      ),
    };
    const merged =
      a.field === MERGE_FIELD && typeof a.value === 'object' && a.value !== null && !Array.isArray(a.value)
        ? { ...current, ...a.value }
        : setField(current, a.field, a.value);
    for (const [name, value] of Object.entries(merged)) {
      if (!jsonEqual(value, node.params[name]))
        edits.set(`${node.id}\u0000${name}`, { nodeId: node.id, name, value });
    }
  }
  return [...edits.values()];
}

export interface Axis {
  key: string;
  label: string;
  /** Maps a value to 0 (bottom) … 1 (top); null when the value is missing. */
  position(value: JsonValue | undefined): number | null;
  ticks: { at: number; text: string }[];
}

const num = (v: JsonValue | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

function numericAxis(key: string, label: string, values: number[], log: boolean): Axis {
  const f = (v: number) => (log ? Math.log10(v) : v);
  const lo = Math.min(...values.map(f));
  const hi = Math.max(...values.map(f));
  const pos = (v: number) => (hi === lo ? 0.5 : (f(v) - lo) / (hi - lo));
  const ends = [...new Set([Math.min(...values), Math.max(...values)])];
  return {
    key,
    label,
    position: (v) => (num(v) && (!log || v > 0) ? pos(v) : null),
    ticks: ends.map((v) => ({ at: pos(v), text: String(Number(v.toPrecision(3))) })),
  };
}

/**
 * One axis per swept param (categories evenly spaced in spec order; numbers linear, or log when
 * they span more than a factor of 20) and one for the metric, better at the top.
 */
export function parallelAxes(state: SweepState, metric: string): Axis[] {
  const axes: Axis[] = state.spec.params.map((p) => {
    const key = `${p.nodeId}.${p.field}`;
    const seen = state.variants.flatMap((v) =>
      v.assignments.filter((a) => a.nodeId === p.nodeId && a.field === p.field).map((a) => a.value),
    );
    const values = [...gridValues(p.values), ...seen];
    if (values.every(num) && values.length > 0) {
      const pos = values.filter((v) => v > 0);
      const log = pos.length === values.length && Math.max(...pos) / Math.min(...pos) > 20;
      return numericAxis(key, key, values, log);
    }
    const cats: JsonValue[] = [];
    for (const v of values) if (!cats.some((c) => jsonEqual(c, v))) cats.push(v);
    const at = (i: number) => (cats.length === 1 ? 0.5 : i / (cats.length - 1));
    return {
      key,
      label: key,
      position: (v) => {
        const i = cats.findIndex((c) => jsonEqual(c, v ?? null));
        return i < 0 ? null : at(i);
      },
      ticks: cats.map((c, i) => ({ at: at(i), text: typeof c === 'string' ? c : JSON.stringify(c) })),
    };
  });
  const scores = state.variants.map((v) => v.final?.[metric]).filter((v): v is number => num(v));
  if (scores.length > 0) {
    const axis = numericAxis(metric, metric, scores, false);
    const down = metricDirection(metric) === 'min';
    axes.push(
      down
        ? {
            ...axis,
            position: (v) => {
              const p = axis.position(v);
              return p === null ? null : 1 - p;
            },
            ticks: axis.ticks.map((t) => ({ ...t, at: 1 - t.at })),
          }
        : axis,
    );
  }
  return axes;
}

/** The value a variant has on an axis: its assignment for a param axis, its final metric otherwise. */
export function axisValue(v: VariantRecord, axisKey: string): JsonValue | undefined {
  const a = v.assignments.find((x) => `${x.nodeId}.${x.field}` === axisKey);
  if (a) return a.value;
  const m = v.final?.[axisKey];
  return m === undefined ? undefined : m;
}
