import { mean, variance } from './describe';
import { studentTCdf } from './tdist';

export interface WelchResult {
  /** mean(a) − mean(b). */
  diff: number;
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p-value. */
  p: number;
}

/**
 * Welch's unequal-variance t-test of mean(a) = mean(b), two-sided: it does not assume the two
 * variants spread alike, and fits a handful of seeds. Null with fewer than two values on a side.
 * When neither side varies at all, p is 0 for different means and 1 for equal ones.
 */
export function welchTest(a: readonly number[], b: readonly number[]): WelchResult | null {
  if (a.length < 2 || b.length < 2) return null;
  const diff = mean(a) - mean(b);
  const va = variance(a) / a.length;
  const vb = variance(b) / b.length;
  const se2 = va + vb;
  if (se2 === 0) {
    const df = a.length + b.length - 2;
    return diff === 0 ? { diff, t: 0, df, p: 1 } : { diff, t: Math.sign(diff) * Infinity, df, p: 0 };
  }
  const t = diff / Math.sqrt(se2);
  const welchDf = se2 ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  // Variances so small their squares underflow: the conservative df of the smaller side.
  const df = Number.isFinite(welchDf) ? welchDf : Math.min(a.length, b.length) - 1;
  const p = Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
  return { diff, t, df, p };
}
