import { ALPHA, nonInferiorityTest, pText, type Verdict } from '../stats/index';
import type { Claim } from './claims';
import type { VariantComparison } from './variantStats';

/** What the report says about a claim: the three verdicts of issue 17. */
export type ClaimVerdict = 'reproduced' | 'not separable at this budget' | 'contradicted';

/** How each variant's seeds ended (`completed`, `diverged`, …), by variant label. */
export type VariantStatuses = ReadonlyMap<string, Readonly<Record<string, number>>>;

export interface PairOutcome {
  /** above: `better` beats `worse`; noWorse: `better` does at least as well, within `margin`. */
  relation: 'above' | 'noWorse';
  better: string;
  worse: string;
  /** The margin of a noWorse pair, in the metric's units. */
  margin?: number;
  result: 'supports' | 'contradicts' | 'not separable';
  /** The statistical verdict in words, or why there is none. */
  text: string;
}

export interface ClaimJudgement {
  pairs: PairOutcome[];
  verdict: ClaimVerdict;
}

const count = (s: Readonly<Record<string, number>> | undefined, status?: string) =>
  Object.entries(s ?? {}).reduce((n, [k, v]) => n + (status === undefined || k === status ? v : 0), 0);

function findVerdict(verdicts: readonly Verdict[], x: string, y: string): Verdict | undefined {
  return verdicts.find((v) => (v.a === x && v.b === y) || (v.a === y && v.b === x));
}

/**
 * Seeds that diverged are not a sample of the final value, so a variant with any is not tested: it
 * loses to a variant none of whose seeds diverged and that trained (divergence is the worst
 * outcome), and that is said; two such variants are not separable. Null when neither diverged.
 */
function divergenceOutcome(
  cmp: VariantComparison,
  statuses: VariantStatuses,
  base: Pick<PairOutcome, 'relation' | 'better' | 'worse' | 'margin'>,
): PairOutcome | null {
  const { better, worse } = base;
  const stats = (label: string) => cmp.variants.find((x) => x.label === label);
  const seeds = (label: string) => Math.max(stats(label)?.runIds.length ?? 0, count(statuses.get(label)));
  const diverged = (label: string) =>
    Math.max(stats(label)?.diverged ?? 0, count(statuses.get(label), 'diverged'));
  const trained = (label: string) => diverged(label) === 0 && Boolean(stats(label)?.final);
  const how = (label: string) =>
    diverged(label) === seeds(label)
      ? `every run of ${label} diverged`
      : `${diverged(label)} of ${seeds(label)} runs of ${label} diverged`;
  if (diverged(worse) > 0 && trained(better))
    return { ...base, result: 'supports', text: `${how(worse)}; every run of ${better} trained` };
  if (diverged(better) > 0 && trained(worse))
    return { ...base, result: 'contradicts', text: `${how(better)}; every run of ${worse} trained` };
  if (diverged(better) > 0 && diverged(worse) > 0)
    return { ...base, result: 'not separable', text: `${how(better)} and ${how(worse)}` };
  return null;
}

/** One predicted ordering against the measurements (Welch's verdict, or divergence). */
function judgePair(
  cmp: VariantComparison,
  statuses: VariantStatuses,
  better: string,
  worse: string,
): PairOutcome {
  const base = { relation: 'above' as const, better, worse };
  const v = findVerdict(cmp.verdicts, better, worse);
  if (v && v.kind === 'better')
    return { ...base, result: v.winner === better ? 'supports' : 'contradicts', text: v.text };
  if (v && v.kind === 'none') return { ...base, result: 'not separable', text: v.text };
  return (
    divergenceOutcome(cmp, statuses, base) ?? {
      ...base,
      result: 'not separable',
      text: v?.text ?? `${better} vs ${worse}: no final ${cmp.metric} to compare on one side`,
    }
  );
}

/** An amount of the metric in words: accuracy in points (`0.84 points`, `1 point`), a loss with four decimals. */
export function amount(value: number, metric: string): string {
  const v = Math.abs(value);
  if (!metric.includes('acc')) return v.toFixed(4);
  const points = Number((v * 100).toFixed(2));
  return `${points} point${points === 1 ? '' : 's'}`;
}

/**
 * "a does at least as well as b, within margin" against the measurements: Welch's non-inferiority
 * test on the seeds' final values. Supported when, with 95% confidence, a trails b by less than the
 * margin; contradicted when it trails by more; otherwise not separable at this budget.
 */
function judgeNoWorse(
  cmp: VariantComparison,
  statuses: VariantStatuses,
  better: string,
  worse: string,
  margin: number,
): PairOutcome {
  const base = { relation: 'noWorse' as const, better, worse, margin };
  const diverged = divergenceOutcome(cmp, statuses, base);
  if (diverged) return diverged;
  const a = cmp.variants.find((x) => x.label === better)?.final;
  const b = cmp.variants.find((x) => x.label === worse)?.final;
  const r = a && b ? nonInferiorityTest(a, b, margin, cmp.better) : null;
  if (!r)
    return {
      ...base,
      result: 'not separable',
      text: `${better} vs ${worse}: fewer than 2 final ${cmp.metric} values on a side`,
    };
  const m = (v: number) => amount(v, cmp.metric);
  const where = (v: number) => (v < 0 ? `${m(v)} below` : `${m(v)} above`);
  const level = m(r.advantage) === m(0);
  const seen = level ? `${better} is level with ${worse}` : `${better} is ${where(r.advantage)} ${worse}`;
  if (r.pNoWorse < ALPHA)
    return {
      ...base,
      result: 'supports',
      text: `${seen}; with 95% confidence no more than ${m(Math.min(0, r.lower))} below, inside the margin of ${m(margin)} (${pText(r.pNoWorse)})`,
    };
  if (r.pWorse < ALPHA)
    return {
      ...base,
      result: 'contradicts',
      text: `${seen}; with 95% confidence at least ${m(r.upper)} below, beyond the margin of ${m(margin)} (${pText(r.pWorse)})`,
    };
  return {
    ...base,
    result: 'not separable',
    text: `${seen}; with 95% confidence between ${where(r.lower)} and ${where(r.upper)}, which straddles the margin of ${m(margin)} (${pText(r.pNoWorse)})`,
  };
}

/**
 * The claim's verdict: contradicted when any predicted ordering (or no-worse pair) is significantly
 * reversed, reproduced when every one is significantly shown, otherwise not separable at this budget.
 */
export function judgeClaim(
  claim: Pick<Claim, 'expect' | 'noWorse'>,
  cmp: VariantComparison,
  statuses: VariantStatuses,
): ClaimJudgement {
  const pairs = [
    ...claim.expect.map(([better, worse]) => judgePair(cmp, statuses, better, worse)),
    ...(claim.noWorse ?? []).map(([a, b, margin]) => judgeNoWorse(cmp, statuses, a, b, margin)),
  ];
  const verdict: ClaimVerdict = pairs.some((p) => p.result === 'contradicts')
    ? 'contradicted'
    : pairs.every((p) => p.result === 'supports')
      ? 'reproduced'
      : 'not separable at this budget';
  return { pairs, verdict };
}
