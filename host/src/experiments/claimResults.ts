import {
  formatValue,
  type Assignment,
  type ChartRun,
  type SeedRun,
} from '../../../graph-core/src/experiments';
import { bandName, describe } from '../../../graph-core/src/stats';

/** A variant's name without its seed: the swept values (labels where the sweep gives them). */
export const variantGroup = (assignments: readonly Pick<Assignment, 'value' | 'text'>[]): string =>
  assignments.map((a) => a.text ?? formatValue(a.value)).join(', ');

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Each variant's mean curve over its seeds, epoch by epoch, with the band `describe` gives (95%
 * interval from 5 seeds, min–max below), as chart runs in `order` (variant keys, the sweep's order).
 */
export function bandChartRuns(
  runs: readonly SeedRun[],
  order: readonly string[],
  metrics: readonly string[],
): ChartRun[] {
  const out: ChartRun[] = [];
  for (const key of order) {
    const seeds = runs.filter((r) => r.variantKey === key);
    const first = seeds[0];
    if (!first) continue;
    const epochs = [...new Set(seeds.flatMap((r) => r.curve.map((l) => l.epoch).filter(finite)))].sort(
      (a, b) => a - b,
    );
    const at = (m: string, e: number) =>
      describe(seeds.map((r) => r.curve.find((l) => l.epoch === e)?.[m]).filter(finite));
    const rows = epochs.map((e) => ({
      epoch: e,
      ...Object.fromEntries(metrics.map((m) => [m, at(m, e)?.mean ?? null])),
    }));
    const bands = Object.fromEntries(
      metrics.map((m) => [
        m,
        epochs.map((e) => {
          const s = at(m, e);
          return s && s.band !== 'none' ? ([s.low, s.high] as const) : null;
        }),
      ]),
    );
    const band = describe(seeds.map(() => 0))?.band ?? 'none';
    out.push({ label: `${first.variantLabel} (n=${seeds.length}, ${bandName(band)})`, rows, bands });
  }
  return out;
}
