import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, permutation } from './random';

describe('seeded random numbers', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const a = createRng(1);
    const b = createRng(1);
    const c = createRng(2);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
  });

  it('permutation holds every index exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer(), (n, seed) => {
        const p = Array.from(permutation(n, createRng(seed))).sort((x, y) => x - y);
        expect(p).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  it('draws normals with mean near 0 and variance near 1', () => {
    const rng = createRng(9);
    const xs = Array.from({ length: 20_000 }, () => rng.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('derives distinct non-negative layer seeds per key', () => {
    const seeds = ['d1', 'd2', 'conv', 'd1 '].map((k) => deriveSeed(42, k));
    expect(new Set(seeds).size).toBe(4);
    seeds.forEach((s) => expect(s).toBeGreaterThanOrEqual(0));
    expect(deriveSeed(42, 'd1')).toBe(seeds[0]);
    expect(deriveSeed(43, 'd1')).not.toBe(seeds[0]);
  });
});
