import { seedsNeeded } from './power';
import { welchTest, type WelchResult } from './welch';

/** The level below which a difference is called real. */
export const ALPHA = 0.05;

/** The test every verdict comes from, as the outputs name it. */
export const VERDICT_TEST = "Welch's t-test";

/**
 * What the app, the CLI and the reproduction report say, once, about how a verdict is reached, and
 * why not by the bootstrap (bootstrapDiff): with the 2–12 seeds a comparison has, its percentile
 * test called equal-mean noise real in 8–33% of simulated comparisons (normal, skewed and
 * one-seed-failed samples alike), where Welch's t stayed at or under 5% (bootstrap.ts has the
 * measurement; stats.test.ts repeats it at 3 seeds).
 */
export const TEST_EXPLANATION =
  `Verdicts use ${VERDICT_TEST} on each seed's final value: a difference is called real when p < 0.05, ` +
  'that is, when seed-to-seed noise alone would give one this large less than 1 time in 20 ' +
  "(Welch's test, not a bootstrap, because with 2–12 seeds a bootstrap calls such noise real 8–33% of the time).";

export interface Verdict {
  a: string;
  b: string;
  /** better: `winner` beats the other; none: not separable with these seeds; untestable: < 2 seeds a side. */
  kind: 'better' | 'none' | 'untestable';
  winner: string | null;
  /** The test that gave the verdict (VERDICT_TEST); null when there was none (untestable). */
  method: typeof VERDICT_TEST | null;
  test: WelchResult | null;
  /** Seeds per variant a test would likely need (80% power), when kind is none; null when the means are equal. */
  seedsPerVariant: number | null;
  /** More seeds per variant than either has now; null when it cannot be estimated. */
  moreSeeds: number | null;
  text: string;
}

/** A p-value as the verdict texts quote it: `p = 0.042`, or `p < 0.001`. */
export const pText = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

/**
 * The verdict on two variants' final values (one per seed). `better` says which way wins: 'max' for
 * accuracies, 'min' for losses.
 */
export function verdict(
  a: { label: string; values: readonly number[] },
  b: { label: string; values: readonly number[] },
  better: 'max' | 'min',
): Verdict {
  const base = { a: a.label, b: b.label };
  const test = welchTest(a.values, b.values);
  if (!test) {
    const few = [a, b].filter((x) => x.values.length < 2).map((x) => x.label);
    return {
      ...base,
      kind: 'untestable',
      winner: null,
      method: null,
      test: null,
      seedsPerVariant: null,
      moreSeeds: null,
      text: `cannot test: ${few.join(' and ')} ${few.length === 1 ? 'has' : 'have'} fewer than 2 seeds (run at least 2 per variant)`,
    };
  }
  if (test.p < ALPHA) {
    const aWins = better === 'max' ? test.diff > 0 : test.diff < 0;
    const [w, l] = aWins ? [a.label, b.label] : [b.label, a.label];
    return {
      ...base,
      kind: 'better',
      winner: w,
      method: VERDICT_TEST,
      test,
      seedsPerVariant: null,
      moreSeeds: null,
      text: `${w} better than ${l} (${pText(test.p)})`,
    };
  }
  const n = seedsNeeded(a.values, b.values, { alpha: ALPHA });
  const have = Math.min(a.values.length, b.values.length);
  const more = n === null || !Number.isFinite(n) ? null : Math.max(1, n - have);
  const why =
    n === null
      ? 'the means are equal, more seeds would not separate them'
      : more === null
        ? 'the difference is too small to settle with under 1000 seeds per variant'
        : `about ${more} more seed${more === 1 ? '' : 's'} per variant would likely settle it`;
  return {
    ...base,
    kind: 'none',
    winner: null,
    method: VERDICT_TEST,
    test,
    seedsPerVariant: n,
    moreSeeds: more,
    text: `${a.label} vs ${b.label}: no difference detectable at this budget (${pText(test.p)}) — ${why}`,
  };
}

/** Every pair of groups, in order (first with second, first with third, …), each with its verdict. */
export function pairwiseVerdicts(
  groups: readonly { label: string; values: readonly number[] }[],
  better: 'max' | 'min',
): Verdict[] {
  const out: Verdict[] = [];
  for (let i = 0; i < groups.length; i++)
    for (let j = i + 1; j < groups.length; j++) out.push(verdict(groups[i]!, groups[j]!, better));
  return out;
}
