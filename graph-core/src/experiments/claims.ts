import { z } from 'zod';
import { formatJsonPath } from '../document/schema';
import { metricDirection } from './compare';
import type { FileResult } from './sweepFile';

/**
 * One published claim the reproduction report tests (assets/experiments/claims.json): the sweep
 * that tests it, what was published and where, and the orderings the claim predicts.
 */
export interface Claim {
  /** The claim's id: its sweep file's and chart's name (`01-activation-deep`). */
  id: string;
  /** The sweep file, relative to claims.json. */
  sweep: string;
  statement: string;
  source: string;
  /** The final value the verdict compares (`val_acc`, or `loss` for a training-cost claim). */
  metric: string;
  /** Pairs of variant labels [better, worse] that the claim predicts. */
  expect: [string, string][];
  /**
   * Pairs [a, b, margin] for a claim that a does *at least as well as* b: a's mean may trail b's by
   * less than `margin` (in the metric's units: 0.01 is one point of accuracy). Tested for
   * non-inferiority, since "no worse" can never be shown by failing to find a difference.
   */
  noWorse?: [string, string, number][];
}

export interface ClaimsFile {
  format: 'layerloom-experiments';
  version: 1;
  claims: Claim[];
}

const claimSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, { message: 'expected lower-case letters, digits and dashes' }),
  sweep: z.string().min(1),
  statement: z.string().min(1),
  source: z.string().min(1),
  metric: z.string().min(1),
  expect: z.array(z.tuple([z.string().min(1), z.string().min(1)])).min(1),
  noWorse: z
    .array(z.tuple([z.string().min(1), z.string().min(1), z.number().positive().finite()]))
    .optional(),
});

const fileSchema = z.strictObject({
  format: z.literal('layerloom-experiments'),
  version: z.literal(1),
  claims: z.array(claimSchema).min(1),
});

/** Reads claims.json; never throws, and the message names the field at fault. */
export function parseClaimsFile(text: string): FileResult<ClaimsFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `claims.json is not valid JSON (${(e as Error).message}).` };
  }
  const r = fileSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    return {
      ok: false,
      error: `claims.json: ${issue ? formatJsonPath(issue.path) : '(top level)'}: ${issue?.message ?? 'invalid'}.`,
    };
  }
  const ids = r.data.claims.map((c) => c.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) return { ok: false, error: `claims.json: claim "${twice}" is listed twice.` };
  const blind = r.data.claims.find((c) => metricDirection(c.metric) === null);
  if (blind)
    return {
      ok: false,
      error: `claims.json: claim "${blind.id}": metric "${blind.metric}" is neither an accuracy nor a loss, so no side can be called better.`,
    };
  return { ok: true, value: r.data as ClaimsFile };
}
