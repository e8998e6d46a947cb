import { seededRandom, randomInt } from '../experiments/rng';
import { mean } from './describe';

export interface BootstrapResult {
  /** mean(a) − mean(b) of the data. */
  diff: number;
  /** Percentile 95% interval of the resampled differences. */
  low: number;
  high: number;
  /** Two-sided: twice the smaller share of resampled differences on either side of 0. */
  p: number;
  resamples: number;
}

/**
 * A bootstrap of the difference of means: resample each side with replacement (seeded, so the same
 * inputs always give the same answer), and read the interval and p from the resampled differences.
 * It assumes no distribution, but it can only resample what it saw, so with few values it reads
 * noise as a difference: two samples drawn from one distribution, 2000 simulated comparisons each
 * (scipy 1.17 / numpy 2.4, 1000 resamples), got p < 0.05 from it in 33%, 20%, 12%, 9%, 8% and 6% of
 * comparisons at 2, 3, 5, 8, 12 and 20 values a side for normal samples (32%, 19%, 11%, 11%, 9%, 7%
 * skewed; 33%, 20%, 14%, 10%, 9%, 6% with one value in ten 5 SD low, a seed that failed to train),
 * where Welch's t-test got 2–5% throughout. So verdicts come from Welch's test (verdict.ts), never
 * from this; it stays for a distribution-free look at a difference when there are many values.
 */
export function bootstrapDiff(
  a: readonly number[],
  b: readonly number[],
  options: { seed?: number; resamples?: number } = {},
): BootstrapResult | null {
  if (a.length === 0 || b.length === 0) return null;
  const resamples = options.resamples ?? 4000;
  const next = seededRandom(options.seed ?? 1);
  const draw = (xs: readonly number[]) => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[randomInt(next, xs.length)] as number;
    return s / xs.length;
  };
  const diffs = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) diffs[r] = draw(a) - draw(b);
  diffs.sort();
  const at = (q: number) =>
    diffs[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))] as number;
  let below = 0;
  let above = 0;
  for (const d of diffs) {
    if (d <= 0) below++;
    if (d >= 0) above++;
  }
  const p = Math.min(1, (2 * Math.min(below, above)) / resamples);
  return { diff: mean(a) - mean(b), low: at(0.025), high: at(0.975), p, resamples };
}
