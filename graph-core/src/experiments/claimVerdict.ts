import type { Verdict } from '../stats/index';
import type { Claim } from './claims';
import type { VariantComparison } from './variantStats';

/** What the report says about a claim: the three verdicts of issue 17. */
export type ClaimVerdict = 'reproduced' | 'not separable at this budget' | 'contradicted';

/** How each variant's seeds ended (`completed`, `diverged`, …), by variant label. */
export type VariantStatuses = ReadonlyMap<string, Readonly<Record<string, number>>>;

export interface PairOutcome {
  better: string;
  worse: string;
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
 * One predicted ordering against the measurements. Seeds that diverged are not a sample of the final
 * value, so a variant with any is not tested: it loses to a variant none of whose seeds diverged and
 * that trained (divergence is the worst outcome), and that is said; two such variants are not
 * separable.
 */
function judgePair(
  cmp: VariantComparison,
  statuses: VariantStatuses,
  better: string,
  worse: string,
): PairOutcome {
  const base = { better, worse };
  const v = findVerdict(cmp.verdicts, better, worse);
  if (v && v.kind === 'better')
    return { ...base, result: v.winner === better ? 'supports' : 'contradicts', text: v.text };
  if (v && v.kind === 'none') return { ...base, result: 'not separable', text: v.text };
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
  return {
    ...base,
    result: 'not separable',
    text: v?.text ?? `${better} vs ${worse}: no final ${cmp.metric} to compare on one side`,
  };
}

/**
 * The claim's verdict: contradicted when any predicted ordering is significantly reversed,
 * reproduced when every one is significantly shown, otherwise not separable at this budget.
 */
export function judgeClaim(
  claim: Pick<Claim, 'expect'>,
  cmp: VariantComparison,
  statuses: VariantStatuses,
): ClaimJudgement {
  const pairs = claim.expect.map(([better, worse]) => judgePair(cmp, statuses, better, worse));
  const verdict: ClaimVerdict = pairs.some((p) => p.result === 'contradicts')
    ? 'contradicted'
    : pairs.every((p) => p.result === 'supports')
      ? 'reproduced'
      : 'not separable at this budget';
  return { pairs, verdict };
}
