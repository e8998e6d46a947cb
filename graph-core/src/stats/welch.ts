import { mean, variance } from './describe';
import { studentTCdf, studentTQuantile } from './tdist';

export interface WelchResult {
  /** mean(a) − mean(b). */
  diff: number;
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p-value. */
  p: number;
}

/** What a Welch test needs of each side: its count, mean and sample standard deviation (n − 1). */
export interface SampleSummary {
  n: number;
  mean: number;
  sd: number;
}

const summarise = (values: readonly number[]): SampleSummary => ({
  n: values.length,
  mean: mean(values),
  sd: Math.sqrt(variance(values)),
});

/** mean(a) − mean(b), its standard error and Welch–Satterthwaite df; null below two values a side. */
function welchParts(a: SampleSummary, b: SampleSummary): { diff: number; se: number; df: number } | null {
  if (a.n < 2 || b.n < 2) return null;
  const va = a.sd ** 2 / a.n;
  const vb = b.sd ** 2 / b.n;
  const se2 = va + vb;
  const diff = a.mean - b.mean;
  if (se2 === 0) return { diff, se: 0, df: a.n + b.n - 2 };
  const welchDf = se2 ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  // Variances so small their squares underflow: the conservative df of the smaller side.
  const df = Number.isFinite(welchDf) ? welchDf : Math.min(a.n, b.n) - 1;
  return { diff, se: Math.sqrt(se2), df };
}

/**
 * Welch's unequal-variance t-test of mean(a) = mean(b), two-sided: it does not assume the two
 * variants spread alike, and fits a handful of seeds. Null with fewer than two values on a side.
 * When neither side varies at all, p is 0 for different means and 1 for equal ones.
 */
export function welchTest(a: readonly number[], b: readonly number[]): WelchResult | null {
  const parts = welchParts(summarise(a), summarise(b));
  if (!parts) return null;
  const { diff, se, df } = parts;
  if (se === 0)
    return diff === 0 ? { diff, t: 0, df, p: 1 } : { diff, t: Math.sign(diff) * Infinity, df, p: 0 };
  const t = diff / se;
  const p = Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
  return { diff, t, df, p };
}

export interface NonInferiorityResult {
  /** How much better a's mean is than b's (negative: worse), in the metric's units. */
  advantage: number;
  /** One-sided 95% bounds of that advantage: a is better than b by at least `lower`, at most `upper`. */
  lower: number;
  upper: number;
  df: number;
  /** One-sided p of "a is worse than b by the margin or more"; small: a is no worse (within the margin). */
  pNoWorse: number;
  /** One-sided p of "a is worse by less than the margin"; small: a is worse by more than the margin. */
  pWorse: number;
}

/**
 * Welch's t-test for non-inferiority: is a at least as good as b, allowing a worse mean by less than
 * `margin` (metric units, > 0)? `better` says which way is good ('max' accuracies, 'min' losses).
 * Equivalent to asking whether the one-sided 95% lower bound of a's advantage lies above −margin.
 * Null with fewer than two values on a side. When neither side varies at all, the p-values are 0 or 1.
 */
export function nonInferiorityTest(
  a: SampleSummary,
  b: SampleSummary,
  margin: number,
  better: 'max' | 'min',
): NonInferiorityResult | null {
  const parts = welchParts(a, b);
  if (!parts) return null;
  const advantage = better === 'max' ? parts.diff : -parts.diff;
  const { se, df } = parts;
  if (se === 0) {
    const noWorse = advantage > -margin;
    return {
      advantage,
      lower: advantage,
      upper: advantage,
      df,
      pNoWorse: noWorse ? 0 : 1,
      pWorse: noWorse ? 1 : 0,
    };
  }
  const half = studentTQuantile(0.95, df) * se;
  const t = (advantage + margin) / se;
  return {
    advantage,
    lower: advantage - half,
    upper: advantage + half,
    df,
    pNoWorse: studentTCdf(-t, df),
    pWorse: studentTCdf(t, df),
  };
}
