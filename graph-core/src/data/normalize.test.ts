import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyNormalizer, fitNormalizer } from './normalize';
import { resizeBilinear, resizeImages, convertChannels } from './resize';

describe('Normalize', () => {
  it('takes its statistics from the training split only', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.constantFrom('minmax' as const, 'standardize' as const),
        (values, other, method) => {
          const train = [0, 2, 3];
          const a = { x: Float32Array.from(values), featureShape: [3] };
          // Samples 1 (values 3..5) are outside the training split: changing them must not matter.
          const changed = Float32Array.from(values);
          for (const j of [3, 4, 5]) changed[j] = other[j] as number;
          const b = { x: changed, featureShape: [3] };
          expect(fitNormalizer(b, train, method)).toEqual(fitNormalizer(a, train, method));
        },
      ),
    );
  });

  it('maps the training split to [0, 1] with min-max and to mean 0, std 1 when standardising', () => {
    const x = Float32Array.from([1, 10, 3, 20, 5, 30, 100, 100]);
    const ds = { x, featureShape: [2] };
    const mm = applyNormalizer(x, fitNormalizer(ds, [0, 1, 2], 'minmax'));
    expect(Array.from(mm.slice(0, 6))).toEqual([0, 0, 0.5, 0.5, 1, 1]);
    const st = applyNormalizer(x, fitNormalizer(ds, [0, 1, 2], 'standardize'));
    const col0 = [st[0]!, st[2]!, st[4]!];
    expect(col0.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 5);
    expect(Math.sqrt(col0.reduce((a, b) => a + b * b, 0) / 3)).toBeCloseTo(1, 5);
  });

  it('leaves constant features at zero instead of dividing by zero, and ignores NaNs', () => {
    const x = Float32Array.from([4, NaN, 4, 2, 4, 6]);
    const n = fitNormalizer({ x, featureShape: [2] }, [0, 1, 2], 'standardize');
    expect(Array.from(applyNormalizer(x, n).filter((_, i) => i % 2 === 0))).toEqual([0, 0, 0]);
    expect(n.offset[1]).toBe(4);
  });

  it('shares one statistic per channel for images', () => {
    const n = fitNormalizer(
      { x: Float32Array.from([0, 10, 2, 30]), featureShape: [1, 2, 2] },
      [0],
      'minmax',
      'channel',
    );
    expect([Array.from(n.offset), Array.from(n.scale)]).toEqual([
      [0, 10],
      [2, 20],
    ]);
  });
});

describe('Resize', () => {
  it('keeps a constant image constant at any size', () => {
    const out = resizeBilinear(new Float32Array(5 * 7 * 3).fill(0.25), [5, 7, 3], [11, 4]);
    expect(out.length).toBe(11 * 4 * 3);
    expect(out.every((v) => v === 0.25)).toBe(true);
  });

  it('averages 2x2 blocks when halving', () => {
    const src = Float32Array.from([0, 2, 4, 6, 0, 2, 4, 6, 8, 8, 8, 8, 8, 8, 8, 8]);
    expect(Array.from(resizeBilinear(src, [4, 4, 1], [2, 2]))).toEqual([1, 5, 8, 8]);
  });

  it('resizes each image of a batch', () => {
    const x = Float32Array.from([...Array(4).fill(1), ...Array(4).fill(2)]);
    expect(Array.from(resizeImages(x, 2, [2, 2, 1], [1, 1]))).toEqual([1, 2]);
  });

  it('converts RGBA to gray with luma weights and gray to RGB by repeating', () => {
    expect(Array.from(convertChannels([255, 0, 0, 9], 1, 4, 1))).toEqual([Math.fround(0.299 * 255)]);
    expect(Array.from(convertChannels([7], 1, 1, 3))).toEqual([7, 7, 7]);
  });
});
