import { describe, expect, it } from 'vitest';
import { computeStats } from './stats';
import { makeDataset } from './testData';
import { datasetWarnings, duplicatesAcrossSplits } from './warnings';

describe('dataset statistics', () => {
  it('counts classes and summarises each tabular feature', () => {
    const ds = makeDataset([0, 1, 1, 2], 3);
    ds.x[3] = NaN;
    const s = computeStats(ds);
    expect(s.classCounts).toEqual([1, 2, 1]);
    expect(s.features[0]).toEqual({
      name: 'feature 1',
      min: 0,
      max: 30,
      mean: 15,
      std: Math.sqrt(125),
      nanCount: 0,
    });
    expect(s.features[1]).toMatchObject({ min: 1, max: 31, nanCount: 1 });
    expect(s.nanCount).toBe(1);
  });

  it('summarises images per channel', () => {
    const ds = makeDataset([0, 0], 1, [1, 2, 3]);
    expect(computeStats(ds).features.map((f) => f.name)).toEqual(['red', 'green', 'blue']);
    expect(computeStats(ds).features[0]).toMatchObject({ min: 0, max: 13 });
  });
});

describe('dataset warnings', () => {
  it.each([
    [
      'class imbalance',
      makeDataset([0, 0, 0, 0, 0, 0, 1, 1], 2),
      'Classes are imbalanced: "c0" has 6 samples, "c1" only 2.',
    ],
    ['an empty class', makeDataset([0, 1], 3), 'No samples of class "c2".'],
  ])('warns about %s', (_, ds, message) => {
    expect(
      datasetWarnings(ds, computeStats(ds))
        .map((w) => w.message)
        .join('\n'),
    ).toContain(message);
  });

  it('warns about constant columns and NaNs by name', () => {
    const ds = makeDataset([0, 1], 2);
    ds.featureNames = ['a', 'b'];
    ds.x.set([1, NaN, 1, 5]);
    const messages = datasetWarnings(ds, computeStats(ds)).map((w) => w.message);
    expect(messages).toContain('Column "a" is constant (1); it carries no information.');
    expect(messages).toContain('"b" has 1 missing (NaN) values; training on them gives NaN loss.');
  });

  it('finds duplicate samples that would leak across splits, not duplicates within one split', () => {
    const ds = makeDataset([0, 1, 0, 1, 0], 2);
    ds.x.set([1, 2], 2 * 3);
    ds.x.set([1, 2], 2 * 4);
    ds.x.set([1, 2], 2 * 0);
    const splits = {
      train: Int32Array.from([0, 1, 2]),
      validation: Int32Array.from([3]),
      test: Int32Array.from([4]),
    };
    expect(duplicatesAcrossSplits(ds, splits)).toBe(2);
    expect(duplicatesAcrossSplits(ds, { ...splits, train: Int32Array.from([1, 2]) })).toBe(1);
    expect(datasetWarnings(ds, computeStats(ds), splits).at(-1)?.message).toContain(
      '2 samples appear in more than one split',
    );
  });

  it('says nothing about a clean, balanced dataset', () => {
    const ds = makeDataset([0, 1, 0, 1], 2);
    expect(datasetWarnings(ds, computeStats(ds))).toEqual([]);
  });
});
