import { mean, variance } from './describe';
import { studentTQuantile } from './tdist';

/** Seeds per variant past which the estimate stops looking (the difference is too small to chase). */
export const MAX_SEEDS = 1000;

/**
 * How many seeds per variant would likely settle a difference: the smallest n for which Welch's test
 * at level `alpha` has `power` (default 80%) to detect the difference observed, taking the variances
 * observed as the truth. A rough planning number: with 2–3 seeds the variances themselves are
 * uncertain. Null when the means are equal (no number of seeds would separate them) or a side has
 * fewer than two values; Infinity past MAX_SEEDS.
 */
export function seedsNeeded(
  a: readonly number[],
  b: readonly number[],
  options: { alpha?: number; power?: number } = {},
): number | null {
  if (a.length < 2 || b.length < 2) return null;
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  const d = Math.abs(mean(a) - mean(b));
  const s2 = variance(a) + variance(b);
  if (d === 0) return null;
  if (s2 === 0) return Math.max(a.length, b.length);
  for (let n = 2; n <= MAX_SEEDS; n++) {
    const df = (s2 / n) ** 2 / ((variance(a) / n) ** 2 / (n - 1) + (variance(b) / n) ** 2 / (n - 1));
    const need = studentTQuantile(1 - alpha / 2, df) + studentTQuantile(power, df);
    if (d / Math.sqrt(s2 / n) >= need) return n;
  }
  return Infinity;
}
