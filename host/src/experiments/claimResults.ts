import {
  formatValue,
  isDiverged,
  variantCurveBands,
  type Assignment,
  type ChartRun,
  type SeedRun,
} from '../../../graph-core/src/experiments';
import { bandName } from '../../../graph-core/src/stats';

/** A variant's name without its seed: the swept values (labels where the sweep gives them). */
export const variantGroup = (assignments: readonly Pick<Assignment, 'value' | 'text'>[]): string =>
  assignments.map((a) => a.text ?? formatValue(a.value)).join(', ');

/**
 * Each variant's mean curve over its seeds with its band (graph-core's variantCurveBands: the 95%
 * interval from 5 seeds, min–max below), as chart runs in `order` (variant keys, the sweep's order).
 */
export function bandChartRuns(
  runs: readonly SeedRun[],
  order: readonly string[],
  metrics: readonly string[],
): ChartRun[] {
  const curves = metrics.map((m) => ({ metric: m, ...variantCurveBands(runs, m) }));
  const epochs = [...new Set(curves.flatMap((c) => c.x))].sort((a, b) => a - b);
  const out: ChartRun[] = [];
  for (const key of order) {
    const per = curves.map((c) => ({ c, v: c.variants.find((v) => v.key === key) }));
    const first = per.find((p) => p.v)?.v;
    if (!first) continue;
    const at = (c: (typeof curves)[number], values: (number | null)[] | undefined, e: number) => {
      const i = c.x.indexOf(e);
      return i < 0 ? null : (values?.[i] ?? null);
    };
    const rows = epochs.map((e) => ({
      epoch: e,
      ...Object.fromEntries(per.map(({ c, v }) => [c.metric, at(c, v?.mean, e)])),
    }));
    const bands = Object.fromEntries(
      per.map(({ c, v }) => [
        c.metric,
        epochs.map((e) => {
          const lo = at(c, v?.low, e);
          const hi = at(c, v?.high, e);
          return v && v.band !== 'none' && lo !== null && hi !== null ? ([lo, hi] as const) : null;
        }),
      ]),
    );
    const seeds = runs.filter((r) => r.variantKey === key);
    const diverged = seeds.filter(isDiverged).length;
    const n = seeds.length - diverged;
    const label =
      n === 0
        ? `${first.label} (all ${diverged} diverged)`
        : `${first.label} (n=${n}, ${bandName(first.band)}${diverged > 0 ? `; ${diverged} diverged, left out` : ''})`;
    out.push({ label, rows, bands });
  }
  return out;
}
