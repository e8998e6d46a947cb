import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { argMaxRows, confusionMatrix, histogram, perClassStats, pickSamples } from './evaluation-math';

describe('evaluation math', () => {
  it('counts true-by-predicted pairs in the confusion matrix and derives per-class accuracy', () => {
    const m = confusionMatrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3);
    expect(m).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 2],
    ]);
    expect(perClassStats(m, ['a', 'b', 'c']).map((c) => c.accuracy)).toEqual([0.5, 1, 2 / 3]);
  });

  it('reports no accuracy for a class without samples', () => {
    expect(
      perClassStats(
        [
          [0, 0],
          [0, 3],
        ],
        ['a', 'b'],
      )[0]!.accuracy,
    ).toBeNull();
  });

  it('keeps every finite value in exactly one histogram bin', () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ noNaN: true, min: -1e6, max: 1e6 })),
        fc.integer({ min: 1, max: 40 }),
        (values, bins) => {
          const h = histogram(values, bins);
          expect(h.counts.reduce((a, b) => a + b, 0)).toBe(values.length);
        },
      ),
    );
  });

  it('leaves non-finite values out of histograms', () => {
    expect(histogram([1, NaN, Infinity, 2], 2).counts).toEqual([1, 1]);
  });

  it('shows misclassified samples first, most confident mistakes first', () => {
    expect(pickSamples([0, 1, 1, 0], [0, 0, 0, 0], [0.9, 0.6, 0.8, 0.7], 3)).toEqual([2, 1, 0]);
  });

  it('finds the row-wise argmax', () => {
    const { index, value } = argMaxRows([0.1, 0.9, 0.7, 0.3], 2);
    expect(Array.from(index)).toEqual([1, 0]);
    expect(value[0]).toBeCloseTo(0.9);
  });
});
