import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../document/types';
import { flattenParams, formatNumber, formatValue, getField, jsonEqual, setField } from './values';

describe('jsonEqual', () => {
  it.each<[JsonValue | undefined, JsonValue | undefined, boolean]>([
    [1, 1, true],
    [1, '1', false],
    [null, undefined, false],
    [[1, 2], [1, 2], true],
    [[1, 2], [2, 1], false],
    [{ a: 1, b: [2] }, { b: [2], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: 1 }, [1], false],
  ])('jsonEqual(%j, %j) is %s', (a, b, expected) => {
    expect(jsonEqual(a, b)).toBe(expected);
  });

  it('holds for any value and its JSON round trip', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => jsonEqual(v as JsonValue, JSON.parse(JSON.stringify(v)))));
  });
});

describe('nested fields', () => {
  it('reads and writes a dotted path without touching the original', () => {
    const params = { optimizer: 'adam', earlyStopping: { patience: 3, monitor: 'val_loss' } };
    const next = setField(params, 'earlyStopping.patience', 7);
    expect(getField(next, 'earlyStopping.patience')).toBe(7);
    expect(getField(next, 'earlyStopping.monitor')).toBe('val_loss');
    expect(params.earlyStopping.patience).toBe(3);
  });

  it('creates the objects along a path that does not exist yet', () => {
    expect(setField({}, 'earlyStopping.patience', 2)).toEqual({ earlyStopping: { patience: 2 } });
    expect(getField({}, 'earlyStopping.patience')).toBeUndefined();
  });

  it('flattens nested objects to dotted paths and keeps arrays whole', () => {
    expect([...flattenParams({ a: { b: 1, c: { d: 'x' } }, k: [3, 3], e: {} })]).toEqual([
      ['a.b', 1],
      ['a.c.d', 'x'],
      ['k', [3, 3]],
      ['e', {}],
    ]);
  });
});

describe('formatValue', () => {
  it.each<[JsonValue | undefined, string]>([
    ['relu', 'relu'],
    [0.001, '0.001'],
    [1e-4, '1e-4'],
    [0.00031622776601683794, '3.162e-4'],
    [0.1 + 0.2, '0.3'],
    [128, '128'],
    [[3, 3], '[3,3]'],
    [true, 'true'],
    [undefined, '—'],
  ])('renders %j as %s', (v, s) => {
    expect(formatValue(v)).toBe(s);
  });

  it('keeps four significant digits of any finite number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), (n) => {
        const back = Number(formatNumber(n));
        expect(Math.abs(back - n)).toBeLessThanOrEqual(Math.abs(n) * 1e-3 + 1e-300);
      }),
    );
  });
});
