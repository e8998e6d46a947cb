import { describe, expect, it } from 'vitest';
import { judgeClaim } from './claimVerdict';
import { compareVariants, type SeedRun } from './variantStats';

const seeds = (label: string, finals: (number | null)[]): SeedRun[] =>
  finals.map((v, i) => ({
    id: `${label}-${i}`,
    label: `${label} seed ${i}`,
    variantKey: label,
    variantLabel: label,
    final: { val_acc: v },
    curve: [{ epoch: 1, val_acc: v }],
    cost: null,
  }));
const statuses = (entries: Record<string, Record<string, number>>) => new Map(Object.entries(entries));
const completed = { completed: 5 };

describe('judging a claim', () => {
  const relu = seeds('relu', [0.95, 0.951, 0.949, 0.952, 0.948]);
  const sigmoid = seeds('sigmoid', [0.11, 0.1, 0.12, 0.09, 0.1]);
  const tanh = seeds('tanh', [0.951, 0.948, 0.95, 0.953, 0.949]);
  const cmp = compareVariants([...relu, ...sigmoid, ...tanh], { metric: 'val_acc' });
  const all = statuses({ relu: completed, sigmoid: completed, tanh: completed });

  it('reproduces a claim when every predicted ordering is significant', () => {
    const j = judgeClaim({ expect: [['relu', 'sigmoid']] }, cmp, all);
    expect(j.verdict).toBe('reproduced');
    expect(j.pairs[0]).toMatchObject({ result: 'supports' });
    expect(j.pairs[0]?.text).toMatch(/^relu better than sigmoid \(p/);
  });

  it('calls a claim contradicted when one ordering is significantly reversed', () => {
    const j = judgeClaim(
      {
        expect: [
          ['relu', 'sigmoid'],
          ['sigmoid', 'tanh'],
        ],
      },
      cmp,
      all,
    );
    expect(j.verdict).toBe('contradicted');
    expect(j.pairs.map((p) => p.result)).toEqual(['supports', 'contradicts']);
  });

  it('says not separable, with the seeds that would settle it, when the difference is within noise', () => {
    const j = judgeClaim(
      {
        expect: [
          ['relu', 'sigmoid'],
          ['relu', 'tanh'],
        ],
      },
      cmp,
      all,
    );
    expect(j.verdict).toBe('not separable at this budget');
    expect(j.pairs[1]?.text).toMatch(/no difference detectable at this budget/);
  });

  it('lets a side whose every run diverged lose, and says so', () => {
    const big = seeds('too large', [null, null, null, null, null]);
    const c = compareVariants([...relu, ...big], { metric: 'val_acc' });
    const s = statuses({ relu: completed, 'too large': { diverged: 5 } });
    expect(judgeClaim({ expect: [['relu', 'too large']] }, c, s).pairs[0]).toEqual({
      relation: 'above',
      better: 'relu',
      worse: 'too large',
      result: 'supports',
      text: 'every run of too large diverged; every run of relu trained',
    });
    expect(judgeClaim({ expect: [['too large', 'relu']] }, c, s).verdict).toBe('contradicted');
  });

  it('leaves out the numbers of seeds that diverged, ranks their variant last and tests it by divergence', () => {
    // Two "too large" seeds blew up in epoch 3 with a good epoch-2 accuracy behind them (0.96, above
    // relu's); the three that finished are at chance. Averaging all five would read 0.45 ± 0.5.
    const big = seeds('too large', [0.96, 0.96, 0.1, 0.09, 0.11]).map((r, i) =>
      i < 2 ? { ...r, status: 'diverged' } : { ...r, status: 'completed' },
    );
    const c = compareVariants([...relu, ...big, ...sigmoid], { metric: 'val_acc' });
    expect(c.variants.map((v) => [v.label, v.rank, v.diverged, v.final?.n])).toEqual([
      ['relu', 1, 0, 5],
      ['sigmoid', 2, 0, 5],
      ['too large', 3, 2, 3],
    ]);
    expect(c.variants[2]!.final!.mean).toBeCloseTo(0.1, 12);
    // Welch only between variants none of whose seeds diverged.
    expect(c.verdicts.map((v) => [v.a, v.b])).toEqual([['relu', 'sigmoid']]);
    const s = statuses({ relu: completed, sigmoid: completed, 'too large': { completed: 3, diverged: 2 } });
    const j = judgeClaim(
      {
        expect: [
          ['relu', 'too large'],
          ['sigmoid', 'too large'],
        ],
      },
      c,
      s,
    );
    expect(j.pairs.map((p) => [p.result, p.text])).toEqual([
      ['supports', '2 of 5 runs of too large diverged; every run of relu trained'],
      ['supports', '2 of 5 runs of too large diverged; every run of sigmoid trained'],
    ]);
    expect(j.verdict).toBe('reproduced');
  });

  describe('a claim that one choice does at least as well as another (non-inferiority)', () => {
    // Equal steps: the large batch a shade below the small one, both tight.
    const large = seeds('large', [0.874, 0.876, 0.873, 0.877, 0.875]);
    const small = seeds('small', [0.878, 0.872, 0.884, 0.869, 0.877]);
    const c = compareVariants([...large, ...small, ...sigmoid], { metric: 'val_acc' });
    const s = statuses({ large: completed, small: completed, sigmoid: completed });

    it('supports it when, with 95% confidence, the first trails by less than the margin', () => {
      const j = judgeClaim({ expect: [['small', 'sigmoid']], noWorse: [['large', 'small', 0.01]] }, c, s);
      expect(j.pairs[1]).toMatchObject({ relation: 'noWorse', margin: 0.01, result: 'supports' });
      expect(j.pairs[1]?.text).toBe(
        'large is 0.1 points below small; with 95% confidence no more than 0.65 points below, inside the margin of 1 point (p = 0.012)',
      );
      expect(j.verdict).toBe('reproduced');
    });

    it('says two means equal to the hundredth of a point are level', () => {
      const twin = seeds('twin', [0.878, 0.872, 0.884, 0.869, 0.877]);
      const d = compareVariants([...twin, ...small], { metric: 'val_acc' });
      const j = judgeClaim(
        { expect: [['small', 'twin']], noWorse: [['twin', 'small', 0.01]] },
        d,
        statuses({ twin: completed, small: completed }),
      );
      expect(j.pairs[1]?.text).toMatch(/^twin is level with small; with 95% confidence no more than/);
    });

    it('calls it not separable when the interval straddles the margin, and names the range', () => {
      const j = judgeClaim({ expect: [['small', 'sigmoid']], noWorse: [['large', 'small', 0.002]] }, c, s);
      expect(j.pairs[1]?.result).toBe('not separable');
      expect(j.pairs[1]?.text).toMatch(
        /between 0\.\d+ points below and 0\.\d+ points above, which straddles/,
      );
      expect(j.verdict).toBe('not separable at this budget');
    });

    it('contradicts it when the first is worse by more than the margin, and a Welch "no difference" never supports it', () => {
      const j = judgeClaim({ expect: [['small', 'sigmoid']], noWorse: [['sigmoid', 'small', 0.05]] }, c, s);
      expect(j.pairs[1]?.result).toBe('contradicts');
      expect(j.verdict).toBe('contradicted');
      // The same pair as a plain ordering is "not separable" (no difference found), never "supports".
      const above = judgeClaim({ expect: [['large', 'small']] }, c, s);
      expect(above.pairs[0]?.result).toBe('not separable');
    });

    it('lets a diverged first choice fail the claim, as an ordering would', () => {
      const big = seeds('big', [null, null, null, null, null]);
      const d = compareVariants([...big, ...small], { metric: 'val_acc' });
      const st = statuses({ big: { diverged: 5 }, small: completed });
      const j = judgeClaim({ expect: [['small', 'big']], noWorse: [['big', 'small', 0.01]] }, d, st);
      expect(j.pairs[1]).toMatchObject({
        result: 'contradicts',
        text: 'every run of big diverged; every run of small trained',
      });
    });
  });
});
