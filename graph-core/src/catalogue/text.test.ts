import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, checkParam, type ParamSpec } from './index';
import { describeParamDefault, paramFromText, paramToText } from './text';

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
    [kernel, '3', { ok: true, value: 3 }],
    [kernel, ' 5 ', { ok: true, value: 5 }],
    [padding, '2', { ok: true, value: 2 }],
    [inputShape, '4', { ok: true, value: [4] }],
  ] as const)('%# reads %j from “%s”', (spec, text, expected) => {
    expect(paramFromText(spec, text)).toEqual(expected);
  });

  it.each([
    [kernel, [5, 5], '5, 5'],
    [units, 12, '12'],
    [kernel, 3, '3'],
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
    expect(paramToText(spec, value as never)).toBe(text);
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
    expect(describeParamDefault(spec)).toBe(text);
  });
});

describe('per-axis params typed as text', () => {
  // Every shape param with a fixed number of axes in the catalogue (kernelSize, strides, poolSize,
  // size, padding, cropping…): one number or a full list, as text, reads back as a value the
  // catalogue's own check accepts, and shows as the same text.
  const perAxis = Object.values(CATALOGUE).flatMap((kind) =>
    kind.params.filter(
      (p): p is Extract<ParamSpec, { kind: 'shape' }> => p.kind === 'shape' && p.length !== undefined,
    ),
  );

  it('covers the conv, pooling and padding params', () => {
    expect(new Set(perAxis.map((p) => p.name))).toEqual(
      new Set(['kernelSize', 'strides', 'poolSize', 'size', 'padding', 'cropping', 'imageSize']),
    );
  });

  it('one number or one per axis round-trips and passes the check', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...perAxis),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 3, maxLength: 3 }),
        (spec, single, dims) => {
          // A one-axis param (Conv1D) keeps its list form: [3] and 3 mean the same there.
          const value = single && spec.length! > 1 ? dims[0]! : dims.slice(0, spec.length);
          const text = paramToText(spec, value);
          const parsed = paramFromText(spec, text);
          expect(parsed).toEqual({ ok: true, value });
          expect(checkParam(spec, value)).toBeNull();
        },
      ),
    );
  });
});
