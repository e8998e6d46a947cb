import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { incompleteBeta, studentTCdf, studentTQuantile } from './tdist';

// Reference values: scipy is not installed here, so they come from mpmath 1.2.1's regularised
// incomplete beta at 40 digits (`/usr/bin/python3 graph-core/src/stats/reference-values.py`):
// tcdf(t, df) = 1 - I_{df/(df+t²)}(df/2, 1/2) / 2 for t > 0; quantiles by mpmath.findroot on it.
describe('the Student t distribution', () => {
  it.each([
    [0.5, 1, 0.64758361765043327],
    [2.0, 3, 0.93033701572057841],
    [-1.3, 4.5, 0.12809804397201703],
    [2.2281, 10, 0.97499835320676276],
    [1.0, 30, 0.83734569228698505],
    [-3.0, 2.7, 0.032947978828383339],
    [0.1, 200, 0.53977775374783948],
  ])('gives P(T ≤ %f) with %f degrees of freedom as mpmath does', (t, df, want) => {
    expect(studentTCdf(t, df)).toBeCloseTo(want, 11);
  });

  it('matches the closed forms for 1 and 2 degrees of freedom', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), (t) => {
        expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 10);
        expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 10);
      }),
      { seed: 17, numRuns: 200 },
    );
  });

  it.each([
    [0.975, 1, 12.706204736174693],
    [0.975, 2, 4.3026527297494618],
    [0.975, 4, 2.7764451051977935],
    [0.975, 9, 2.262157162798205],
    [0.8, 5.5, 0.91195119212905313],
    [0.975, 100, 1.9839715185235519],
  ])('gives the %f quantile with %f degrees of freedom as mpmath does', (p, df, want) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(want, 8);
  });

  it('is symmetric and its quantile inverts its CDF', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -20, max: 20, noNaN: true }),
        fc.double({ min: 0.5, max: 300, noNaN: true }),
        (t, df) => {
          expect(studentTCdf(t, df) + studentTCdf(-t, df)).toBeCloseTo(1, 12);
          const p = studentTCdf(t, df);
          if (p > 1e-9 && p < 1 - 1e-9) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 9);
        },
      ),
      { seed: 3, numRuns: 200 },
    );
  });

  it.each([
    [0.3, 2, 3, 0.3483],
    [0.9, 0.5, 0.5, 0.79516723530086657],
    [0.01, 5, 0.5, 2.4712578086395446e-11],
    [0.7, 10, 20, 0.99998285808282691],
  ])('gives the regularised incomplete beta I_%f(%f, %f) as mpmath does', (x, a, b, want) => {
    expect(incompleteBeta(x, a, b)).toBeCloseTo(want, 12);
  });
});
