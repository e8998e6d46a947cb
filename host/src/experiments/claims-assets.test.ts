import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseClaimsFile, parseSweepSpecFile } from '../../../graph-core/src/experiments';
import { planSweep } from '../cli/sweepPlan';
import { parseSweepArgs } from '../cli/sweepArgs';
import { variantGroup } from './claimResults';

// The eleven claims of the reproduction report (assets/experiments): each a project that carries
// its sweep (the app's Run sweep) and a sweep file for the CLI, checked here without training.
const DIR = path.resolve('assets/experiments');
const claims = parseClaimsFile(readFileSync(path.join(DIR, 'claims.json'), 'utf8'));
if (!claims.ok) throw new Error(claims.error);

describe('the reproduction report claims', () => {
  it('lists the eleven claims of issue 17, each with its own sweep file', () => {
    expect(claims.value.claims).toHaveLength(11);
    expect(new Set(claims.value.claims.map((c) => c.sweep)).size).toBe(11);
  });

  it.each(claims.value.claims.map((c) => [c.id, c] as const))(
    '%s plans from the CLI with every variant valid, and its predictions name real variants',
    async (_id, claim) => {
      const file = path.join(DIR, claim.sweep);
      const spec = parseSweepSpecFile(readFileSync(file, 'utf8'));
      if (!spec.ok) throw new Error(spec.error);
      const args = parseSweepArgs([file]);
      if (!args.ok) throw new Error(args.error);
      const plan = await planSweep(args.value);
      if ('code' in plan) throw new Error(plan.lines.join('\n'));
      expect(plan.spec.repeats).toBeGreaterThanOrEqual(5);
      const groups = new Set(plan.variants.map((v) => variantGroup(v.assignments)));
      for (const [better, worse] of [...claim.expect, ...(claim.noWorse ?? [])]) {
        expect(groups, `${claim.id}: ${better}`).toContain(better);
        expect(groups, `${claim.id}: ${worse}`).toContain(worse);
      }
      // The project opened in the app runs the same sweep as the sweep file.
      const project = JSON.parse(readFileSync(plan.graphFile, 'utf8')) as { sweep?: unknown };
      expect(project.sweep).toEqual({
        params: spec.value.params,
        mode: spec.value.mode,
        repeats: spec.value.repeats,
        metric: spec.value.metric,
      });
    },
  );
});
