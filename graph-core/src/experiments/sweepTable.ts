import type { JsonValue } from '../document/types';
import { compareTable, incomparableMetrics, rankRuns, type ComparisonTable, type RunResult } from './compare';
import type { HyperParamRow } from './diff';
import { MERGE_FIELD, paramKey, sweptNodeIds } from './sweepSpec';
import type { SweepState, VariantRecord } from './sweepState';

/** The metric a sweep ranks by when its spec names none. */
export const DEFAULT_SWEEP_METRIC = 'val_acc';

/** A sweep's variants as comparable runs, with the swept params (and seeds, when repeated) as columns. */
export function sweepRuns(state: SweepState): { runs: RunResult[]; params: HyperParamRow[] } {
  // The swept values are columns of their own, so the id is label enough.
  const runs: RunResult[] = state.variants.map((v) => ({
    id: v.id,
    label: v.id,
    status: v.runStatus ?? v.status,
    ...(v.durationMs !== undefined ? { durationMs: v.durationMs } : {}),
    final: v.final ?? {},
  }));
  const params: HyperParamRow[] = state.spec.params.map((p) => {
    const nodes = sweptNodeIds(p).join('+');
    const key = p.field === MERGE_FIELD ? nodes : paramKey({ nodeId: nodes, field: p.field });
    const values = state.variants.map((v) => {
      const a = v.assignments.find((x) => x.nodeId === p.nodeId && x.field === p.field);
      return a === undefined ? undefined : ((a.text ?? a.value) as JsonValue);
    });
    return { nodeId: p.nodeId, field: p.field, key, values };
  });
  if ((state.spec.repeats ?? 1) > 1) {
    params.push({ nodeId: '', field: 'seed', key: 'seed', values: state.variants.map((v) => v.seed) });
  }
  return { runs, params };
}

/** The sweep's comparison table, best first by the spec's metric. */
export function sweepComparison(state: SweepState): ComparisonTable {
  const { runs, params } = sweepRuns(state);
  const typeOf = (id: string) => state.base.nodes.find((n) => n.id === id)?.type;
  return compareTable(runs, {
    params,
    rankBy: state.spec.metric ?? DEFAULT_SWEEP_METRIC,
    incomparable: incomparableMetrics(params, typeOf),
  });
}

/**
 * The finished variant that did best on the sweep's metric (ties go to the earlier variant), for
 * "apply the best variant": `applyVariant(state.base, best)` is its graph. Undefined while no
 * finished variant has the metric.
 */
export function bestVariant(
  state: SweepState,
  metric: string = state.spec.metric ?? DEFAULT_SWEEP_METRIC,
): VariantRecord | undefined {
  const { runs } = sweepRuns(state);
  const ranked = rankRuns(
    runs.filter((_, i) => state.variants[i]?.status === 'done'),
    metric,
  );
  const top = ranked[0];
  return top && top.rank !== null ? state.variants.find((v) => v.id === top.run.id) : undefined;
}
