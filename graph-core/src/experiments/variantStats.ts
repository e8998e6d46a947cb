/**
 * Runs grouped into variants (runs that differ only in their seed) with the statistics the CLI's
 * `compare`, sweep comparison files and the app's Compare and sweep panels all show: the mean and
 * its band, speed to a target, area under the validation curve, cost, ranks and pairwise verdicts.
 */
import type { RunCost } from '../runs/schema';
import {
  curveArea,
  describe,
  pairwiseVerdicts,
  timeToTarget,
  type CurvePoint,
  type Spread,
  type Verdict,
} from '../stats/index';
import { metricDirection, type Better } from './compare';
import type { HyperParamRow } from './diff';
import type { Assignment } from './sweep';
import { variantLabel } from './sweep';

/** One run as the statistics need it. */
export interface SeedRun {
  id: string;
  label: string;
  /** Runs with the same key are seeds of one variant. */
  variantKey: string;
  variantLabel: string;
  final: Record<string, number | null | undefined>;
  /** metrics.jsonl lines: epoch, the metric, durationMs. */
  curve: readonly Record<string, unknown>[];
  cost: RunCost | null;
  durationMs?: number;
  /** How the run ended (completed | stopped | diverged | failed); a diverged run's numbers are not used. */
  status?: string;
}

export interface VariantStats {
  key: string;
  label: string;
  runIds: string[];
  /**
   * Seeds that diverged. Their last finite numbers are not averaged in (final, speed, AUC and the
   * curves leave them out), and a variant with any ranks after every variant with none.
   */
  diverged: number;
  /** Runs with the metric (seeds that failed or diverged have none). */
  final: Spread | null;
  target: { epochs: Spread | null; seconds: Spread | null; reached: number } | null;
  auc: Spread | null;
  cost: {
    params: number | null;
    flops: number | null;
    trainSeconds: Spread | null;
    latencyMs: Spread | null;
  };
  /** 1 for the best mean; null without values. */
  rank: number | null;
}

export interface VariantComparison {
  metric: string;
  better: Better;
  /** The value speed is measured to; null when no run has the metric. */
  target: number | null;
  variants: VariantStats[];
  verdicts: Verdict[];
}

/** The cost axes accuracy can be charted against. */
export const COST_AXES = [
  { key: 'params', label: 'Params' },
  { key: 'flops', label: 'FLOPs / sample' },
  { key: 'trainSeconds', label: 'Training time (s)' },
  { key: 'latencyMs', label: 'Inference ms / sample' },
] as const;
export type CostAxis = (typeof COST_AXES)[number]['key'];

/** Seeds of one sweep combination share their assignments. */
export function sweepVariantKey(assignments: readonly Assignment[]): { key: string; label: string } {
  return {
    key: JSON.stringify(assignments.map((a) => [a.nodeId, a.field, a.value])),
    label: variantLabel(assignments, null) || 'base',
  };
}

/**
 * Variant keys of plain runs: runs whose graphs differ in nothing but the Optimizer's seed are seeds
 * of one variant, labelled by what sets it apart (`a1.activation=relu`), or by `fallback` (the
 * run's name) when nothing differs but the seed.
 */
export function paramVariantKeys(
  rows: readonly HyperParamRow[],
  count: number,
  isSeed: (row: HyperParamRow) => boolean,
  fallback: (i: number) => string,
): { key: string; label: string }[] {
  const differing = rows.filter((r) => !isSeed(r));
  return Array.from({ length: count }, (_, i) => {
    const parts = differing.map(
      (r) => `${r.key}=${r.values[i] === undefined ? '(absent)' : JSON.stringify(r.values[i])}`,
    );
    return parts.length === 0
      ? { key: 'same', label: fallback(i) }
      : { key: parts.join('\n'), label: parts.join(', ').replace(/"/g, '') };
  });
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** A run that diverged counts as a seed, but none of its numbers is used. */
export const isDiverged = (r: Pick<SeedRun, 'status'>) => r.status === 'diverged';
const spreadOf = (xs: (number | null | undefined)[]) => describe(xs.filter(finite));

/** The per-epoch points of one metric, with the epochs' training times. */
export function seedPoints(run: SeedRun, metric: string): CurvePoint[] {
  return run.curve
    .filter((l) => finite(l.epoch))
    .map((l) => ({
      epoch: l.epoch as number,
      value: finite(l[metric]) ? l[metric] : null,
      durationMs: finite(l.durationMs) ? l.durationMs : null,
    }));
}

/**
 * The default target: the worst variant's mean final value, so every variant has a time to it and
 * "faster" compares like with like.
 */
function defaultTarget(means: number[], better: Better): number | null {
  if (means.length === 0) return null;
  return better === 'max' ? Math.min(...means) : Math.max(...means);
}

export function compareVariants(
  runs: readonly SeedRun[],
  options: { metric?: string; target?: number } = {},
): VariantComparison {
  const metric = options.metric ?? (runs.some((r) => finite(r.final.val_acc)) ? 'val_acc' : 'val_loss');
  const better = metricDirection(metric) ?? 'max';
  const all = new Map<string, SeedRun[]>();
  for (const r of runs) all.set(r.variantKey, [...(all.get(r.variantKey) ?? []), r]);
  const groups = new Map([...all].map(([k, g]) => [k, g.filter((r) => !isDiverged(r))]));
  const finals = [...groups.values()].map((g) => spreadOf(g.map((r) => r.final[metric])));
  const target =
    options.target ??
    defaultTarget(
      finals.flatMap((s) => (s ? [s.mean] : [])),
      better,
    );
  const variants: VariantStats[] = [...groups.entries()].map(([key, g], i) => {
    const reached = target === null ? [] : g.map((r) => timeToTarget(seedPoints(r, metric), target, better));
    const costs = g.map((r) => r.cost);
    const first = costs.find((c) => c !== null) ?? null;
    const seeds = all.get(key)!;
    return {
      key,
      label: seeds[0]!.variantLabel,
      runIds: seeds.map((r) => r.id),
      diverged: seeds.length - g.length,
      final: finals[i] ?? null,
      target:
        target === null
          ? null
          : {
              epochs: spreadOf(reached.map((t) => t?.epoch)),
              seconds: spreadOf(reached.map((t) => t?.seconds)),
              reached: reached.filter((t) => t !== null).length,
            },
      auc: spreadOf(g.map((r) => curveArea(seedPoints(r, metric)))),
      cost: {
        params: first ? first.trainableParams + first.nonTrainableParams : null,
        flops: first?.flopsPerSample ?? null,
        trainSeconds: spreadOf(g.map((r) => (finite(r.durationMs) ? r.durationMs / 1000 : null))),
        latencyMs: spreadOf(costs.map((c) => c?.inferenceMsPerSample)),
      },
      rank: null,
    };
  });
  const sign = better === 'max' ? -1 : 1;
  // Variants without a value last; then any with a diverged seed, whatever its other seeds reached.
  const tier = (v: VariantStats) => (!v.final ? 2 : v.diverged > 0 ? 1 : 0);
  const ranked = [...variants].sort((a, b) => {
    if (tier(a) !== tier(b)) return tier(a) - tier(b);
    if (!a.final || !b.final) return 0;
    return sign * (a.final.mean - b.final.mean);
  });
  ranked.forEach((v, k) => {
    if (!v.final) return;
    const prev = ranked[k - 1];
    v.rank = prev?.final && tier(prev) === tier(v) && prev.final.mean === v.final.mean ? prev.rank : k + 1;
  });
  // Seeds that diverged are not a sample of the final value: a variant with any is not tested.
  const tested = ranked.filter((v) => v.final && v.diverged === 0);
  const values = (v: VariantStats) =>
    groups
      .get(v.key)!
      .map((r) => r.final[metric])
      .filter(finite);
  // Every pair up to 6 variants; past that, the best against each of the others.
  const verdicts =
    tested.length <= 6
      ? pairwiseVerdicts(
          tested.map((v) => ({ label: v.label, values: values(v) })),
          better,
        )
      : tested.slice(1).map(
          (v) =>
            pairwiseVerdicts(
              [
                { label: tested[0]!.label, values: values(tested[0]!) },
                { label: v.label, values: values(v) },
              ],
              better,
            )[0]!,
        );
  return { metric, better, target, variants: ranked, verdicts };
}

/** A variant's value on a cost axis: the mean where seeds differ (times), the count otherwise. */
export function costValue(v: VariantStats, axis: CostAxis): number | null {
  const c = v.cost;
  if (axis === 'params' || axis === 'flops') return c[axis];
  return c[axis]?.mean ?? null;
}

export interface VariantCurveBand {
  key: string;
  label: string;
  /** Per epoch of `x`: the mean over the seeds that have the epoch, and its band (null where none has it). */
  mean: (number | null)[];
  low: (number | null)[];
  high: (number | null)[];
  /** The band drawn: the 95% interval from 5 seeds up, else min–max (per epoch, by the seeds there). */
  band: Spread['band'];
}

/**
 * Each variant's mean curve of `metric` by epoch, with its band, on one shared epoch axis. A diverged
 * seed's curve stops where it blew up, so its points are left out; a variant whose every seed
 * diverged keeps its entry with no points.
 */
export function variantCurveBands(
  runs: readonly SeedRun[],
  metric: string,
): { x: number[]; variants: VariantCurveBand[] } {
  const used = runs.filter((r) => !isDiverged(r));
  const epochs = new Set<number>();
  for (const r of used) for (const p of seedPoints(r, metric)) if (finite(p.value)) epochs.add(p.epoch);
  const x = [...epochs].sort((a, b) => a - b);
  const groups = new Map<string, { label: string; runs: SeedRun[] }>();
  for (const r of runs) {
    const g = groups.get(r.variantKey) ?? { label: r.variantLabel, runs: [] };
    if (!isDiverged(r)) g.runs.push(r);
    groups.set(r.variantKey, g);
  }
  const variants = [...groups.entries()].map(([key, { label, runs: g }]) => {
    const byEpoch = g.map((r) => new Map(seedPoints(r, metric).map((p) => [p.epoch, p.value])));
    const spreads = x.map((e) => spreadOf(byEpoch.map((m) => m.get(e))));
    return {
      key,
      label,
      mean: spreads.map((s) => s?.mean ?? null),
      low: spreads.map((s) => s?.low ?? null),
      high: spreads.map((s) => s?.high ?? null),
      band: describe(g.map(() => 0))?.band ?? 'none',
    };
  });
  return { x, variants };
}
