import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeMnist,
  encodeMnist,
  generateDataset,
  GENERATED_SOURCES,
  loadIris,
  MnistAssetError,
} from './index';

describe('decodeMnist', () => {
  it('decodes what encodeMnist wrote, scaling pixels to [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        (count, rows, cols, seed) => {
          const pixels = Uint8Array.from({ length: count * rows * cols }, (_, i) => (i * 31 + seed) % 256);
          const labels = Uint8Array.from({ length: count }, (_, i) => (i + seed) % 10);
          const ds = decodeMnist(encodeMnist(pixels, labels, rows, cols));
          expect(ds.count).toBe(count);
          expect(ds.featureShape).toEqual([rows, cols, 1]);
          expect(Array.from(ds.y)).toEqual(Array.from(labels));
          expect(ds.x[0]).toBeCloseTo(pixels[0]! / 255, 6);
          expect(Math.max(...ds.x)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it.each([
    ['a truncated header', new Uint8Array(8)],
    ['a wrong magic', new Uint8Array(32)],
    [
      'a body shorter than the header says',
      encodeMnist(new Uint8Array(4), new Uint8Array(1), 2, 2).slice(0, 19),
    ],
  ])('rejects %s with an MnistAssetError', (_what, bytes) => {
    expect(() => decodeMnist(bytes)).toThrow(MnistAssetError);
  });
});

describe('loadIris', () => {
  it('gives 150 samples of 4 features in 3 balanced classes', () => {
    const ds = loadIris();
    expect(ds.count).toBe(150);
    expect(ds.x.length).toBe(600);
    const counts = [0, 0, 0];
    ds.y.forEach((c) => counts[c]!++);
    expect(counts).toEqual([50, 50, 50]);
    expect(ds.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
  });
});

describe('generateDataset', () => {
  it.each(GENERATED_SOURCES)('%s is a pure function of its options', (source) => {
    const a = generateDataset(source, { samples: 101, noise: 0.2, seed: 7 });
    const b = generateDataset(source, { samples: 101, noise: 0.2, seed: 7 });
    const c = generateDataset(source, { samples: 101, noise: 0.2, seed: 8 });
    expect(a.x).toEqual(b.x);
    expect(a.x).not.toEqual(c.x);
    expect(a.count).toBe(101);
    expect(a.featureShape).toEqual([2]);
  });

  it.each(GENERATED_SOURCES)('%s alternates classes so any prefix is balanced', (source) => {
    const ds = generateDataset(source, { samples: 40, noise: 0, seed: 1 });
    expect(Array.from(ds.y.subarray(0, 6))).toEqual([0, 1, 0, 1, 0, 1]);
  });

  it('keeps clean circles separable: the inner class stays inside radius 0.4, the ring outside 0.6', () => {
    const ds = generateDataset('circles', { samples: 200, noise: 0, seed: 3 });
    for (let i = 0; i < ds.count; i++) {
      const r = Math.hypot(ds.x[2 * i]!, ds.x[2 * i + 1]!);
      if (ds.y[i] === 0) expect(r).toBeLessThanOrEqual(0.4);
      else expect(r).toBeGreaterThanOrEqual(0.6);
    }
  });

  it('puts clean xor points of class 0 in quadrants I and III only', () => {
    const ds = generateDataset('xor', { samples: 100, noise: 0, seed: 5 });
    for (let i = 0; i < ds.count; i++) {
      const sameSign = Math.sign(ds.x[2 * i]!) === Math.sign(ds.x[2 * i + 1]!);
      expect(sameSign).toBe(ds.y[i] === 0);
    }
  });
});
