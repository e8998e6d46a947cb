import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SamplePrediction } from '../../../../graph-core/src/runs';
import { formatFeatures, parseFeatures, sampleInput } from './predictInput';

const base = { index: 0, label: 1, predicted: 1, confidence: 0.9 };

describe('sample input', () => {
  it('maps image pixels back onto the range they were scaled from', () => {
    const sample: SamplePrediction = {
      ...base,
      image: { width: 2, height: 1, channels: 1, pixels: [0, 255], range: { min: -1, max: 3 } },
    };
    expect(Array.from(sampleInput(sample)!)).toEqual([-1, 3]);
  });

  it.each<[string, SamplePrediction, number[] | null]>([
    ['tabular features', { ...base, features: [0.25, -2] }, [0.25, -2]],
    [
      'an image saved without its range',
      { ...base, image: { width: 1, height: 1, channels: 1, pixels: [9] } },
      null,
    ],
    ['features cut at 16', { ...base, features: Array.from({ length: 16 }, () => 0) }, null],
    ['nothing to feed', base, null],
  ])('gives %s as %j', (_, sample, expected) => {
    const input = sampleInput(sample);
    expect(input && Array.from(input)).toEqual(expected);
  });
});

describe('typed features', () => {
  it.each<[string, number[] | string]>([
    ['0.5, -1.2', [0.5, -1.2]],
    [' 1;2  3 ', [1, 2, 3]],
    ['3e-2,', [0.03]],
    ['', 'Type the feature values, e.g. 0.5, -1.2'],
    ['1, x, 3', 'Value 2 ("x") is not a number.'],
    ['1, Infinity', 'Value 2 ("Infinity") is not a number.'],
  ])('reads %j', (text, expected) => {
    const parsed = parseFeatures(text);
    if (typeof expected === 'string') expect(parsed).toEqual({ error: expected });
    else expect('values' in parsed && Array.from(parsed.values)).toEqual(expected.map(Math.fround));
  });

  it('reads back what it formats', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 16 }), (ints) => {
        const values = ints.map((i) => i / 100);
        const parsed = parseFeatures(formatFeatures(values));
        expect('values' in parsed && Array.from(parsed.values)).toEqual(values.map(Math.fround));
      }),
    );
  });
});
