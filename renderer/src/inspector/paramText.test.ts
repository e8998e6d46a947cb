import { describe, expect, it } from 'vitest';
import type { ParamSpec } from '../../../graph-core/src/catalogue';
import { describeDefault, fromText, toText } from './paramText';

const units: ParamSpec = { kind: 'int', name: 'units', label: 'Units', doc: '', default: 32, min: 1 };
const rate: ParamSpec = { kind: 'float', name: 'rate', label: 'Rate', doc: '', default: 0.5 };
const kernel: ParamSpec = {
  kind: 'shape',
  name: 'kernelSize',
  label: 'Kernel size',
  doc: '',
  default: [3, 3],
  length: 2,
};
const padding: ParamSpec = {
  kind: 'shape',
  name: 'padding',
  label: 'Padding',
  doc: '',
  default: [1, 1],
  length: 2,
  min: 0,
  perSide: true,
};
const inputShape: ParamSpec = {
  kind: 'shape',
  name: 'shape',
  label: 'Shape',
  doc: '',
  default: null,
  optional: true,
};
const repeats: ParamSpec = { kind: 'int', name: 'n', label: 'Repeats', doc: '', default: null, min: 1 };
const cols: ParamSpec = {
  kind: 'strings',
  name: 'featureColumns',
  label: 'Feature columns',
  doc: '',
  default: null,
};

describe('param text', () => {
  it.each([
    [units, '128', { ok: true, value: 128 }],
    [units, ' 7 ', { ok: true, value: 7 }],
    [units, '', { ok: true, value: undefined }],
    [units, '1.5', { ok: false, reason: 'Units must be a whole number, not “1.5”.' }],
    [units, 'ten', { ok: false, reason: 'Units must be a whole number, not “ten”.' }],
    [rate, '1e-3', { ok: true, value: 0.001 }],
    [rate, 'NaN', { ok: false, reason: 'Rate must be a number, not “NaN”.' }],
    [kernel, '5, 5', { ok: true, value: [5, 5] }],
    [kernel, '3×3', { ok: true, value: [3, 3] }],
    [kernel, '3 x a', { ok: false, reason: 'Kernel size: “a” is not a whole number.' }],
    [cols, 'a, b ,c', { ok: true, value: ['a', 'b', 'c'] }],
    [padding, '0, 1, 2, 3', { ok: true, value: [0, 1, 2, 3] }],
  ] as const)('%# reads %j from “%s”', (spec, text, expected) => {
    expect(fromText(spec, text)).toEqual(expected);
  });

  it.each([
    [kernel, [5, 5], '5, 5'],
    [units, 12, '12'],
    [units, null, ''],
    [cols, ['x', 'y'], 'x, y'],
    [
      padding,
      [
        [0, 1],
        [2, 3],
      ],
      '0, 1, 2, 3',
    ],
  ] as const)('%# shows %j as “%s”', (spec, value, text) => {
    expect(toText(spec, value as never)).toBe(text);
  });
});

describe('the default shown under a field', () => {
  const path: ParamSpec = { kind: 'string', name: 'path', label: 'File or folder', doc: '', default: '' };
  it.each([
    ['units', units, 'default: 32'],
    ['kernel size', kernel, 'default: 3, 3'],
    ['feature columns', cols, 'default: none'],
    ['an empty path says nothing', path, ''],
    ['a shape taken from the data', inputShape, 'default: none (inferred)'],
    ['a number the user must set', repeats, 'required'],
  ])('%s', (_, spec, text) => {
    expect(describeDefault(spec)).toBe(text);
  });
});
