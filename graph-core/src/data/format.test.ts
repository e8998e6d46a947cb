import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDataset, encodeDataset } from './format';
import type { Dataset } from './types';

const tabular = fc
  .record({
    count: fc.integer({ min: 0, max: 20 }),
    width: fc.integer({ min: 1, max: 5 }),
    classes: fc.integer({ min: 1, max: 5 }),
    regression: fc.boolean(),
    seed: fc.integer(),
  })
  .chain(({ count, width, classes, regression }) =>
    fc.record({
      x: fc.float32Array({ minLength: count * width, maxLength: count * width }),
      y: regression
        ? fc.float32Array({ minLength: count, maxLength: count, noDefaultInfinity: true })
        : fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: count, maxLength: count }),
      count: fc.constant(count),
      width: fc.constant(width),
      classes: fc.constant(regression ? 1 : classes),
      regression: fc.constant(regression),
    }),
  )
  .map(({ x, y, count, width, classes, regression }): Dataset => ({
    name: 'prop',
    modality: 'tabular',
    featureShape: [width],
    task: regression ? 'regression' : 'classification',
    numClasses: classes,
    classNames: regression ? [] : Array.from({ length: classes }, (_, k) => `k${k}`),
    featureNames: Array.from({ length: width }, (_, j) => `f${j}`),
    count,
    x,
    y: Float32Array.from(y),
  }));

function roundTrip(ds: Dataset): Dataset {
  const { meta, data } = encodeDataset(ds);
  const back = decodeDataset(JSON.parse(JSON.stringify(meta)), data);
  if (!back.ok) throw new Error(back.errors[0]?.message);
  return back.value;
}

describe('workspace dataset format', () => {
  it('round-trips tabular data exactly, NaNs and all', () => {
    fc.assert(
      fc.property(tabular, (ds) => {
        expect(roundTrip(ds)).toEqual(ds);
      }),
    );
  });

  it('stores images as bytes, within half a grey level', () => {
    const x = Float32Array.from({ length: 2 * 4 * 4 }, (_, i) => (i * 0.37) % 1);
    const ds: Dataset = {
      name: 'img',
      modality: 'image',
      featureShape: [4, 4, 1],
      task: 'classification',
      numClasses: 2,
      classNames: ['a', 'b'],
      count: 2,
      x,
      y: Float32Array.from([1, 0]),
    };
    const { meta, data } = encodeDataset(ds, { kind: 'images', path: 'digits/' });
    expect([meta.encoding, data.byteLength, meta.origin]).toEqual([
      { x: 'uint8', y: 'uint16' },
      32 + 4,
      { kind: 'images', path: 'digits/' },
    ]);
    const back = roundTrip(ds);
    back.x.forEach((v, i) => expect(Math.abs(v - (x[i] as number))).toBeLessThanOrEqual(1 / 510));
    expect(back.y).toEqual(ds.y);
  });

  it.each([
    ['a damaged data.bin', (m: Record<string, unknown>) => m, new Uint8Array(3), 'data.bin has 3 bytes'],
    ['a newer version', (m: Record<string, unknown>) => ({ ...m, version: 9 }), null, 'newer Layerloom'],
    ['a foreign file', () => ({ format: 'other' }), null, 'not a Layerloom dataset'],
  ])('explains %s', (_, edit, bytes, message) => {
    const ds: Dataset = {
      name: 't',
      modality: 'points',
      featureShape: [2],
      task: 'classification',
      numClasses: 2,
      classNames: ['a', 'b'],
      count: 1,
      x: Float32Array.from([1, 2]),
      y: Float32Array.from([1]),
    };
    const { meta, data } = encodeDataset(ds);
    const r = decodeDataset(edit({ ...meta }), bytes ?? data);
    expect(!r.ok && r.errors[0]?.message).toContain(message);
  });
});
