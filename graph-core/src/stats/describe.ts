import { studentTQuantile } from './tdist';

/**
 * Which band a spread is drawn with: a t-based 95% interval for the mean from 5 values up, the
 * min–max range below that (a t interval from 2–4 values is so wide it says little), and none for
 * a single value.
 */
export type BandKind = 'ci95' | 'minmax' | 'none';

export interface Spread {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 for one value. */
  sd: number;
  min: number;
  max: number;
  /** The band drawn and quoted beside the mean. */
  band: BandKind;
  low: number;
  high: number;
  /** The t-based 95% interval for the mean (n ≥ 2), whatever band is drawn. */
  ci95: { low: number; high: number } | null;
}

/** Seeds from which the band is the 95% interval rather than min–max. */
export const CI_MIN_N = 5;

export function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Sample variance (divides by n − 1); 0 for fewer than two values. */
export function variance(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1);
}

/** The mean and its spread of finite values; null when there are none. */
export function describe(values: readonly number[]): Spread | null {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return null;
  const m = mean(xs);
  const sd = Math.sqrt(variance(xs));
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  const half = n >= 2 ? studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n)) : null;
  const ci95 = half === null ? null : { low: m - half, high: m + half };
  if (n === 1) return { n, mean: m, sd, min, max, band: 'none', low: m, high: m, ci95 };
  if (n < CI_MIN_N) return { n, mean: m, sd, min, max, band: 'minmax', low: min, high: max, ci95 };
  return { n, mean: m, sd, min, max, band: 'ci95', low: ci95!.low, high: ci95!.high, ci95 };
}

/** How a band is named beside its numbers. */
export function bandName(band: BandKind): string {
  return band === 'ci95' ? '95% interval' : band === 'minmax' ? 'min–max' : 'one run';
}

/** `0.9412 ± 0.0031 (95% interval, n=5)`, or `0.94 [0.93–0.95] (min–max, n=3)`, in `digits`. */
export function spreadText(s: Spread, digits = 4, scale = 1): string {
  const f = (v: number) => (v * scale).toFixed(digits);
  if (s.band === 'none') return `${f(s.mean)} (one run)`;
  if (s.band === 'ci95')
    return `${f(s.mean)} ± ${((s.high - s.mean) * scale).toFixed(digits)} (95% interval, n=${s.n})`;
  return `${f(s.mean)} [${f(s.low)}–${f(s.high)}] (min–max, n=${s.n})`;
}
