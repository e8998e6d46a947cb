import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAugmenter, type AugmentParams } from './augment';

const params = fc.record<AugmentParams>({
  flipHorizontal: fc.boolean(),
  flipVertical: fc.boolean(),
  shift: fc.double({ min: 0, max: 0.3, noNaN: true }),
  rotation: fc.double({ min: 0, max: 45, noNaN: true }),
  zoom: fc.double({ min: 0, max: 0.3, noNaN: true }),
  noise: fc.double({ min: 0, max: 0.5, noNaN: true }),
});
const shape = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.constantFrom(1, 3));

describe('augmentation', () => {
  it('keeps the batch shape, leaves the input and labels untouched, and is seeded', () => {
    fc.assert(
      fc.property(params, shape, fc.integer({ min: 1, max: 4 }), fc.integer(), (p, s, batch, seed) => {
        const x = Float32Array.from({ length: batch * s[0] * s[1] * s[2] }, (_, i) => (i * 37) % 11);
        const y = Float32Array.from({ length: batch }, (_, i) => i % 3);
        const before = [x.slice(), y.slice()];
        const out = createAugmenter(p, s, seed)(x, batch, 'train');
        expect(out.length).toBe(x.length);
        expect([x, y]).toEqual(before);
        expect(createAugmenter(p, s, seed)(x, batch, 'train')).toEqual(out);
      }),
    );
  });

  it('is off in the evaluation phase: the very same array comes back', () => {
    fc.assert(
      fc.property(params, shape, (p, s) => {
        const x = new Float32Array(2 * s[0] * s[1] * s[2]).fill(1);
        expect(createAugmenter(p, s, 1)(x, 2, 'eval')).toBe(x);
      }),
    );
  });

  it('keeps pixel values within the original range without noise (bilinear, edge fill)', () => {
    const x = Float32Array.from({ length: 3 * 8 * 8 }, (_, i) => (i * 7) % 5);
    const out = createAugmenter({ rotation: 30, zoom: 0.2, shift: 0.2 }, [8, 8, 1], 5)(x, 3, 'train');
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out)).toBeLessThanOrEqual(4);
    expect(out).not.toEqual(x);
  });

  it('mirrors rows on a horizontal flip', () => {
    const x = Float32Array.from([1, 2, 3, 4, 5, 6]);
    let seen = 0;
    for (let seed = 0; seed < 20; seed++) {
      const out = Array.from(createAugmenter({ flipHorizontal: true }, [2, 3, 1], seed)(x, 1, 'train'));
      expect([
        [1, 2, 3, 4, 5, 6],
        [3, 2, 1, 6, 5, 4],
      ]).toContainEqual(out);
      if (out[0] === 3) seen += 1;
    }
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(20);
  });

  it('adds only noise to tabular data and ignores geometric settings there', () => {
    const x = new Float32Array(4000);
    const geo = createAugmenter({ rotation: 20, flipHorizontal: true }, [4], 1);
    expect(geo(x, 1000, 'train')).toBe(x);
    const out = createAugmenter({ noise: 0.5 }, [4], 1)(x, 1000, 'train');
    const std = Math.sqrt(out.reduce((a, v) => a + v * v, 0) / out.length);
    expect(std).toBeGreaterThan(0.45);
    expect(std).toBeLessThan(0.55);
  });

  it('refuses a batch whose length does not match the sample shape (a programmer bug)', () => {
    expect(() => createAugmenter({ noise: 1 }, [4], 1)(new Float32Array(7), 2, 'train')).toThrow(RangeError);
  });
});
