import { describe as group, expect, it } from 'vitest';
import fc from 'fast-check';
import { seededRandom } from '../experiments/rng';
import { bootstrapDiff } from './bootstrap';
import { describe, spreadText } from './describe';
import { paretoFront } from './pareto';
import { seedsNeeded } from './power';
import { curveArea, timeToTarget } from './speed';
import { TEST_EXPLANATION, pairwiseVerdicts, verdict } from './verdict';
import { nonInferiorityTest, welchTest, type SampleSummary } from './welch';

// Welch references: `scipy.stats.ttest_ind(a, b, equal_var=False)` with scipy 1.17.1, and the textbook
// formulas at 40 digits with mpmath 1.2.1 (they agree to 13 digits): reference-values.py.
const A = [0.944, 0.938, 0.951, 0.94, 0.947];
const B = [0.936, 0.942, 0.93, 0.939, 0.933];

group("Welch's t-test", () => {
  it.each([
    [A, B, 2.529822128134695, 7.9207920792079036, 0.035540330655629489],
    [[0.91, 0.93, 0.92], [0.9, 0.95, 0.89], 0.34299717028502019, 2.3835051546391767, 0.75954597381118404],
    [
      [1.2, 3.4, 2.2, 5.1],
      [0.3, 0.9, 0.5, 0.7, 0.2, 0.4],
      2.9263995446398057,
      3.0968925882299205,
      0.058839357472308693,
    ],
    // One seed that failed to train (an outlier, far from normal): Welch's df falls to about 4.
    [
      [0.874, 0.861, 0.88, 0.869, 0.102],
      [0.858, 0.866, 0.851, 0.862, 0.855],
      -0.9177542281492781,
      4.002319120635193,
      0.4106496076401695,
    ],
    // Training losses of two optimizers over 5 seeds: lower is better, so t is negative.
    [
      [0.1227, 0.1012, 0.1403, 0.115, 0.1343],
      [0.2163, 0.2201, 0.2089, 0.224, 0.2122],
      -12.55748150008466,
      5.176853724962337,
      4.4899485193266943e-5,
    ],
    // Two seeds a side with equal spreads: df 2.
    [[0.5, 0.52], [0.47, 0.49], 2.1213203435596424, 2.0, 0.16794970566215633],
  ])("gives t, df and p as scipy's ttest_ind(equal_var=False) does", (a, b, t, df, p) => {
    const r = welchTest(a, b)!;
    expect(r.t).toBeCloseTo(t, 10);
    expect(r.df).toBeCloseTo(df, 10);
    expect(r.p).toBeCloseTo(p, 10);
  });

  it('needs two values a side, and calls unvarying different means certain', () => {
    expect(welchTest([1], [2, 3])).toBeNull();
    expect(welchTest([1, 1], [2, 2])!.p).toBe(0);
    expect(welchTest([1, 1], [1, 1])!.p).toBe(1);
  });

  it('does not change when both sides shift together, and swaps sign when they swap', () => {
    // Whole numbers, so a shift is exact and only the test's arithmetic is under test.
    const arr = fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 2, maxLength: 8 });
    fc.assert(
      fc.property(arr, arr, fc.integer({ min: -10_000, max: 10_000 }), (a, b, k) => {
        const r = welchTest(a, b);
        const s = welchTest(
          a.map((v) => v + k),
          b.map((v) => v + k),
        );
        const w = welchTest(b, a);
        if (!r || !s || !w || !Number.isFinite(r.t) || Math.abs(r.t) > 1e6) return;
        expect(s.p).toBeCloseTo(r.p, 6);
        expect(w.p).toBeCloseTo(r.p, 12);
        expect(r.p).toBeGreaterThanOrEqual(0);
        expect(r.p).toBeLessThanOrEqual(1);
      }),
      { seed: 5, numRuns: 150 },
    );
  });
});

const summary = (xs: number[]): SampleSummary => {
  const d = describe(xs)!;
  return { n: d.n, mean: d.mean, sd: d.sd };
};

group("Welch's test for non-inferiority (at least as good, within a margin)", () => {
  // mpmath at 40 digits: reference-values.py's `noninf` lines.
  it.each([
    // 0.2 points behind, bound 0.84 points behind: within a 1-point margin.
    [
      A,
      [0.946, 0.942, 0.95, 0.939, 0.953],
      0.01,
      'max',
      -0.002,
      -0.0084474674025423111,
      0.0044474674025423076,
      7.9448275862068966,
      0.02497640890251252,
    ],
    // Three seeds that spread widely: nothing can be said either way.
    [
      [0.91, 0.93, 0.92],
      [0.9, 0.95, 0.89, 0.97],
      0.005,
      'max',
      -0.0075,
      -0.052216841127956626,
      0.037216841127956724,
      3.5181187355435637,
      0.54597779440444047,
    ],
    // Losses (lower is better): a is clearly worse by more than the margin.
    [
      [0.3, 0.34, 0.29, 0.33],
      [0.21, 0.22, 0.2, 0.23, 0.22],
      0.05,
      'min',
      -0.099,
      -0.1264146069364898,
      -0.071585393063510202,
      4.098683500010798,
      0.99073853719900775,
    ],
  ] as const)(
    'gives the advantage, its one-sided 95% bounds, df and p as the textbook formulas do',
    (a, b, margin, better, adv, lower, upper, df, pNoWorse) => {
      const r = nonInferiorityTest(summary([...a]), summary([...b]), margin, better)!;
      expect(r.advantage).toBeCloseTo(adv, 12);
      expect(r.lower).toBeCloseTo(lower, 10);
      expect(r.upper).toBeCloseTo(upper, 10);
      expect(r.df).toBeCloseTo(df, 10);
      expect(r.pNoWorse).toBeCloseTo(pNoWorse, 10);
      expect(r.pWorse).toBeCloseTo(1 - pNoWorse, 10);
    },
  );

  it('says no worse exactly when the lower bound clears the margin, at any margin', () => {
    const arr = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 8 });
    fc.assert(
      fc.property(
        arr,
        arr,
        fc.integer({ min: 1, max: 500 }),
        fc.constantFrom('max', 'min'),
        (a, b, margin, better) => {
          const r = nonInferiorityTest(summary(a), summary(b), margin, better as 'max' | 'min');
          if (!r || r.lower === r.upper) return;
          if (Math.abs(r.lower + margin) < 1e-6) return;
          expect(r.pNoWorse < 0.05).toBe(r.lower > -margin);
          expect(r.pWorse < 0.05).toBe(r.upper < -margin);
        },
      ),
    );
  });

  it('needs two values a side; unvarying sides are certain either way', () => {
    expect(nonInferiorityTest({ n: 1, mean: 1, sd: 0 }, { n: 3, mean: 1, sd: 1 }, 0.1, 'max')).toBeNull();
    const same = { n: 3, mean: 0.9, sd: 0 };
    expect(nonInferiorityTest(same, { ...same, mean: 0.95 }, 0.1, 'max')!.pNoWorse).toBe(0);
    expect(nonInferiorityTest(same, { ...same, mean: 1.1 }, 0.1, 'max')!.pWorse).toBe(0);
  });
});

group('a mean and its band', () => {
  it('gives the t-based 95% interval from 5 values (mpmath reference)', () => {
    const s = describe(A)!;
    expect(s.band).toBe('ci95');
    expect(s.mean).toBeCloseTo(0.944, 12);
    expect(s.low).toBeCloseTo(0.93748865906114777, 10);
    expect(s.high).toBeCloseTo(0.95051134093885213, 10);
    expect(spreadText(s)).toBe('0.9440 ± 0.0065 (95% interval, n=5)');
  });

  it('draws min–max below 5 values and says so, and no band for one', () => {
    const s = describe([0.91, 0.93, 0.92])!;
    expect([s.band, s.low, s.high]).toEqual(['minmax', 0.91, 0.93]);
    expect(spreadText(s, 2)).toBe('0.92 [0.91–0.93] (min–max, n=3)');
    expect(describe([0.5])!.band).toBe('none');
    expect(describe([NaN])).toBeNull();
  });
});

group('the bootstrap', () => {
  it('gives the same answer for the same seed, and brackets the observed difference', () => {
    const r1 = bootstrapDiff(A, B, { seed: 7 })!;
    const r2 = bootstrapDiff(A, B, { seed: 7 })!;
    expect(r1).toEqual(r2);
    expect(r1.low).toBeLessThan(r1.diff);
    expect(r1.high).toBeGreaterThan(r1.diff);
    // Separable data: 0 lies outside the interval and p agrees with Welch's to within a factor.
    expect(r1.low).toBeGreaterThan(0);
    expect(r1.p).toBeLessThan(0.05);
  });

  it('finds no difference between a sample and a shuffle of itself', () => {
    const r = bootstrapDiff([1, 2, 3, 4], [4, 3, 2, 1], { seed: 1 })!;
    expect(r.p).toBeGreaterThan(0.5);
  });

  it("calls noise real far more often than Welch's test at 3 seeds: why verdicts use Welch's", () => {
    // 400 comparisons of two 3-seed samples from one normal distribution. Python with numpy/scipy
    // (2000 comparisons, bootstrap.ts's doc) gave 20% for the bootstrap and 4.3% for Welch.
    const next = seededRandom(2026);
    const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    let boot = 0;
    let welch = 0;
    const trials = 400;
    for (let i = 0; i < trials; i++) {
      const a = [normal(), normal(), normal()];
      const b = [normal(), normal(), normal()];
      if (bootstrapDiff(a, b, { seed: i + 1, resamples: 1000 })!.p < 0.05) boot++;
      if (welchTest(a, b)!.p < 0.05) welch++;
    }
    expect(boot / trials).toBeGreaterThan(0.12);
    expect(welch / trials).toBeLessThan(0.08);
  });
});

group('seeds needed', () => {
  it('asks 17 per variant for a one-standard-deviation difference, the textbook figure', () => {
    // d = 1 with unit variances: n = 17 per group for 80% power at α = 0.05 (two-sided).
    const a = [-1, 1].map((v) => v / Math.SQRT2 + 1);
    const b = [-1, 1].map((v) => v / Math.SQRT2);
    expect(seedsNeeded(a, b)).toBe(17);
  });

  it('is null for equal means and grows as the difference shrinks', () => {
    expect(seedsNeeded([1, 2], [2, 1])).toBeNull();
    const small = seedsNeeded([0.5, 0.52, 0.51], [0.505, 0.515, 0.52])!;
    const large = seedsNeeded([0.5, 0.52, 0.51], [0.4, 0.42, 0.41])!;
    expect(small).toBeGreaterThan(large);
  });
});

group('verdicts', () => {
  it('names the better variant when the test separates them', () => {
    const v = verdict({ label: 'relu', values: A }, { label: 'sigmoid', values: B }, 'max');
    expect(v.kind).toBe('better');
    expect(v.method).toBe("Welch's t-test");
    expect(TEST_EXPLANATION).toMatch(/^Verdicts use Welch's t-test .* not a bootstrap, .*\.$/);
    expect(v.text).toBe('relu better than sigmoid (p = 0.036)');
    expect(verdict({ label: 'relu', values: A }, { label: 'sigmoid', values: B }, 'min').winner).toBe(
      'sigmoid',
    );
  });

  it('says no difference is detectable and how many more seeds would likely settle it', () => {
    const v = verdict(
      { label: 'a', values: [0.91, 0.93, 0.92] },
      { label: 'b', values: [0.9, 0.95, 0.89] },
      'max',
    );
    expect(v.kind).toBe('none');
    expect(v.moreSeeds).toBe((v.seedsPerVariant as number) - 3);
    expect(v.text).toMatch(
      /^a vs b: no difference detectable at this budget \(p = 0\.760\) — about \d+ more seeds per variant would likely settle it$/,
    );
  });

  it('cannot test one seed, and says which variant needs more', () => {
    const v = verdict({ label: 'a', values: [0.9] }, { label: 'b', values: [0.8, 0.7] }, 'max');
    expect(v.kind).toBe('untestable');
    expect(v.text).toContain('a has fewer than 2 seeds');
  });

  it('compares every pair once', () => {
    const g = ['x', 'y', 'z'].map((label, i) => ({ label, values: [i, i + 0.1] }));
    expect(pairwiseVerdicts(g, 'max').map((v) => `${v.a}-${v.b}`)).toEqual(['x-y', 'x-z', 'y-z']);
  });
});

group('speed and area', () => {
  const curve = [
    { epoch: 1, value: 0.5, durationMs: 1000 },
    { epoch: 2, value: 0.8, durationMs: 1500 },
    { epoch: 3, value: 0.9, durationMs: 500 },
  ];
  it('finds the first epoch and the training seconds to reach a target', () => {
    expect(timeToTarget(curve, 0.8, 'max')).toEqual({ epoch: 2, seconds: 2.5 });
    expect(timeToTarget(curve, 0.95, 'max')).toBeNull();
    expect(timeToTarget([{ epoch: 1, value: 0.3 }], 0.4, 'min')).toEqual({ epoch: 1, seconds: null });
  });

  it('gives the area under the curve per epoch spanned', () => {
    // Trapezoids: (0.5+0.8)/2 + (0.8+0.9)/2 = 1.5 over 2 epochs.
    expect(curveArea(curve)).toBeCloseTo(0.75, 12);
    expect(curveArea([{ epoch: 4, value: 0.3 }])).toBe(0.3);
    expect(curveArea([])).toBeNull();
  });
});

group('the Pareto front', () => {
  it('keeps the points no other beats on both value and cost', () => {
    const pts = [
      { id: 'small', value: 0.9, cost: 10 },
      { id: 'mid', value: 0.95, cost: 50 },
      { id: 'waste', value: 0.94, cost: 80 },
      { id: 'big', value: 0.97, cost: 100 },
      { id: 'same-as-small', value: 0.9, cost: 10 },
    ];
    expect([...paretoFront(pts)].sort()).toEqual(['big', 'mid', 'same-as-small', 'small']);
    expect([...paretoFront(pts, 'min')].sort()).toEqual(['same-as-small', 'small']);
  });

  it('never drops a point that has the best value or the lowest cost', () => {
    const pt = fc.record({
      value: fc.double({ min: 0, max: 1, noNaN: true }),
      cost: fc.integer({ min: 1, max: 100 }),
    });
    fc.assert(
      fc.property(fc.array(pt, { minLength: 1, maxLength: 12 }), (raw) => {
        const pts = raw.map((p, i) => ({ ...p, id: String(i) }));
        const front = paretoFront(pts);
        const best = Math.max(...pts.map((p) => p.value));
        const bestCheapest = pts.filter((p) => p.value === best).sort((a, b) => a.cost - b.cost)[0]!;
        expect(front.has(bestCheapest.id)).toBe(true);
        for (const id of front)
          for (const q of pts) {
            const p = pts[Number(id)]!;
            expect(q.cost < p.cost && q.value > p.value).toBe(false);
          }
      }),
      { seed: 11, numRuns: 150 },
    );
  });
});
