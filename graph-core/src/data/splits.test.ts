import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitDataset } from './splits';
import { subsetIndices } from './subset';
import { makeDataset } from './testData';

const labelsArb = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 300 });
const shares = fc.record({
  validation: fc.double({ min: 0, max: 0.45, noNaN: true }),
  test: fc.double({ min: 0, max: 0.45, noNaN: true }),
  seed: fc.integer(),
});

describe('splits', () => {
  it('are disjoint and together cover every sample', () => {
    fc.assert(
      fc.property(labelsArb, shares, fc.boolean(), (labels, s, stratify) => {
        const sp = splitDataset(makeDataset(labels, 4), { ...s, stratify });
        const all = [...sp.train, ...sp.validation, ...sp.test].sort((a, b) => a - b);
        expect(all).toEqual(labels.map((_, i) => i));
      }),
    );
  });

  it('are the same for the same seed and differ for another seed', () => {
    const ds = makeDataset(
      Array.from({ length: 200 }, (_, i) => i % 4),
      4,
    );
    const opts = { validation: 0.2, test: 0.2, seed: 7 };
    expect(splitDataset(ds, opts)).toEqual(splitDataset(ds, opts));
    expect(splitDataset(ds, opts).test).not.toEqual(splitDataset(ds, { ...opts, seed: 8 }).test);
  });

  it('keep every class within one sample of its share in each split when stratified', () => {
    fc.assert(
      fc.property(labelsArb, shares, (labels, s) => {
        const ds = makeDataset(labels, 4);
        const sp = splitDataset(ds, s);
        for (let k = 0; k < 4; k++) {
          const n = labels.filter((l) => l === k).length;
          const inTest = Array.from(sp.test).filter((i) => labels[i] === k).length;
          const inVal = Array.from(sp.validation).filter((i) => labels[i] === k).length;
          expect(Math.abs(inTest - n * s.test)).toBeLessThanOrEqual(1);
          expect(Math.abs(inVal - n * s.validation)).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('rejects shares that leave nothing for training', () => {
    expect(() => splitDataset(makeDataset([0, 1], 2), { validation: 0.5, test: 0.5, seed: 1 })).toThrow(
      RangeError,
    );
  });
});

describe('Subset', () => {
  it('takes at most the limit, without repeats, the same for the same seed', () => {
    fc.assert(
      fc.property(labelsArb, fc.nat(400), fc.boolean(), fc.integer(), (labels, limit, balanced, seed) => {
        const ds = makeDataset(labels, 4);
        const a = subsetIndices(ds, { limit, balanced, seed });
        expect(a.length).toBe(Math.min(limit, labels.length));
        expect(new Set(a).size).toBe(a.length);
        expect(subsetIndices(ds, { limit, balanced, seed })).toEqual(a);
      }),
    );
  });

  it('balances classes while each has samples left', () => {
    const labels = [...Array(90).fill(0), ...Array(8).fill(1), ...Array(30).fill(2)];
    const picked = subsetIndices(makeDataset(labels, 3), { limit: 40, balanced: true, seed: 3 });
    const counts = [0, 1, 2].map((k) => Array.from(picked).filter((i) => labels[i] === k).length);
    expect(counts).toEqual([16, 8, 16]);
  });

  it('draws only from the given pool', () => {
    const pool = Int32Array.from([3, 5, 7, 9]);
    const picked = subsetIndices(makeDataset(Array(12).fill(0), 1), { limit: 3, seed: 1 }, pool);
    expect(Array.from(picked).every((i) => pool.includes(i))).toBe(true);
  });
});
