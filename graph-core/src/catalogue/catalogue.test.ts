import { describe, expect, it } from 'vitest';
import { NODE_TYPES } from '../document/types';
import {
  CATALOGUE,
  isLayerKind,
  LAYER_GROUPS,
  checkParam,
  isFreezable,
  isFrozen,
  sidePairs,
  getKindSpec,
  getParamSpec,
  isParamShown,
  kindsByCategory,
  resolveParams,
} from './index';
import type { ParamSpec } from './types';

describe('the catalogue', () => {
  it.each(NODE_TYPES)('describes %s under its own type name', (type) => {
    expect(getKindSpec(type).type).toBe(type);
  });

  it('lists every kind but the import placeholder in exactly one palette category', () => {
    const all = (['Data', 'Layers', 'Activations', 'Loss', 'Optimizer'] as const).flatMap((c) =>
      kindsByCategory(c).map((s) => s.type),
    );
    expect([...all].sort()).toEqual(NODE_TYPES.filter((t) => t !== 'Unsupported').sort());
    expect(CATALOGUE.Unsupported.paletteHidden).toBe(true);
  });

  const allParams = NODE_TYPES.flatMap((type) =>
    CATALOGUE[type].params.map((p) => [type, p.name, p] as const),
  );

  const required = (s: ParamSpec) => s.default === null && !('optional' in s && s.optional === true);

  it.each(allParams)('accepts the documented default of %s.%s', (_type, _name, spec) => {
    if (required(spec)) expect(checkParam(spec, undefined)).toBe(`${spec.name} is required`);
    else {
      expect(checkParam(spec, spec.default)).toBeNull();
      expect(checkParam(spec, undefined)).toBeNull();
    }
  });

  it('has exactly the params that must be chosen by hand marked as required', () => {
    expect(allParams.filter(([, , s]) => required(s)).map(([t, n]) => `${t}.${n}`)).toEqual([
      'Reshape.targetShape',
      'Permute.dims',
      'RepeatVector.n',
    ]);
  });

  it.each(allParams)('gives %s.%s a label and a doc', (_type, _name, spec) => {
    expect(spec.label.length).toBeGreaterThan(0);
    expect(spec.doc.length).toBeGreaterThan(5);
  });

  it('puts every Layers kind, and only those, in a palette sub-group', () => {
    for (const type of NODE_TYPES) {
      const { category, group } = CATALOGUE[type];
      if (category === 'Layers') expect(LAYER_GROUPS, type).toContain(group);
      else expect(group, type).toBeUndefined();
    }
  });

  it('gives the freeze switch (trainable, default true) to the kinds with weights', () => {
    const freezable = NODE_TYPES.filter(isFreezable);
    expect(freezable).toEqual([
      'Dense',
      'Conv1D',
      'Conv2D',
      'DepthwiseConv2D',
      'SeparableConv2D',
      'Conv2DTranspose',
      'BatchNormalization',
      'LayerNormalization',
      'SimpleRNN',
      'LSTM',
      'GRU',
      'Bidirectional',
      'Embedding',
    ]);
    for (const type of freezable)
      expect(getParamSpec(type, 'trainable')).toMatchObject({ kind: 'bool', default: true });
    expect(isFrozen({ type: 'Dense', params: { trainable: false } })).toBe(true);
    expect(isFrozen({ type: 'Dense', params: {} })).toBe(false);
    expect(isFrozen({ type: 'Flatten', params: { trainable: false } })).toBe(false);
  });

  it('names each param of a kind once', () => {
    for (const type of NODE_TYPES) {
      const names = CATALOGUE[type].params.map((p) => p.name);
      expect(new Set(names).size, type).toBe(names.length);
    }
  });

  it('makes every showWhen refer to an enum param of the same kind and to its options', () => {
    for (const type of NODE_TYPES) {
      for (const p of CATALOGUE[type].params) {
        if (!p.showWhen) continue;
        const ref = getParamSpec(type, p.showWhen.param);
        expect(ref?.kind, `${type}.${p.name}`).toBe('enum');
        if (ref?.kind === 'enum') for (const v of p.showWhen.values) expect(ref.options).toContain(v);
      }
    }
  });

  it('offers every tfjs activation identifier, including the less common ones', () => {
    const spec = getParamSpec('Activation', 'activation');
    expect(spec?.kind === 'enum' && spec.options).toEqual(
      expect.arrayContaining([
        'relu',
        'relu6',
        'elu',
        'selu',
        'softplus',
        'softsign',
        'sigmoid',
        'hardSigmoid',
        'tanh',
        'softmax',
        'logSoftmax',
        'linear',
        'swish',
        'mish',
        'gelu',
      ]),
    );
  });
});

describe('resolveParams', () => {
  it('fills left-out params with their defaults and keeps given ones', () => {
    const p = resolveParams({ type: 'Dense', params: { units: 10 } });
    expect(p).toEqual({
      units: 10,
      activation: 'linear',
      useBias: true,
      kernelL1: 0,
      kernelL2: 0,
      biasL1: 0,
      biasL2: 0,
      trainable: true,
      kernelInitializer: 'glorotUniform',
    });
  });

  it('keeps params the catalogue does not know, so nothing in a file is lost', () => {
    expect(resolveParams({ type: 'Flatten', params: { note: 'x' } })).toEqual({ note: 'x' });
  });

  it('fills the fields of a nested object but leaves a null object off', () => {
    expect(resolveParams({ type: 'Optimizer', params: {} }).earlyStopping).toBeNull();
    expect(
      resolveParams({ type: 'Optimizer', params: { earlyStopping: { patience: 5 } } }).earlyStopping,
    ).toEqual({
      patience: 5,
      monitor: 'val_loss',
    });
  });

  it('hands out copies of array defaults so editing one node cannot change another', () => {
    const a = resolveParams({ type: 'Conv2D', params: {} });
    (a.kernelSize as number[])[0] = 9;
    expect(resolveParams({ type: 'Conv2D', params: {} }).kernelSize).toEqual([3, 3]);
  });
});

const spec = (type: Parameters<typeof getParamSpec>[0], name: string): ParamSpec => {
  const s = getParamSpec(type, name);
  if (!s) throw new Error(`${type}.${name} missing`);
  return s;
};

describe('checkParam', () => {
  it.each([
    ['Dense', 'units', 0, 'units must be an integer ≥ 1 and ≤ 1000000'],
    ['Dense', 'units', 2.5, 'units must be an integer ≥ 1'],
    ['Dense', 'units', '8', 'units must be an integer'],
    ['Dropout', 'rate', 1, 'rate must be a number ≥ 0 and < 1'],
    ['Optimizer', 'learningRate', 0, 'learningRate must be a number > 0'],
    ['Optimizer', 'learningRate', -1, 'learningRate must be a number > 0'],
    ['Optimizer', 'learningRate', null, 'learningRate must be a number > 0'],
    ['Activation', 'activation', 'relu7', 'activation must be one of linear, relu'],
    ['Dense', 'useBias', 'yes', 'useBias must be true or false'],
    ['Conv2D', 'kernelSize', [3], 'kernelSize must be 2 positive integers, e.g. [3, 3]'],
    ['Conv2D', 'kernelSize', [3, 0], 'kernelSize must be 2 positive integers, e.g. [3, 3]; got 0'],
    ['Reshape', 'targetShape', [-1, -1], 'targetShape may contain -1 only once'],
    ['Reshape', 'targetShape', undefined, 'targetShape is required'],
    ['Dataset', 'channels', 2, 'channels must be 1 or 3'],
    ['Dataset', 'featureColumns', ['a', 1], 'featureColumns must be a list of names'],
    ['Optimizer', 'earlyStopping', { patience: -1 }, 'earlyStopping.patience must be an integer ≥ 0'],
    ['Optimizer', 'earlyStopping', 3, 'earlyStopping must be an object with patience, monitor'],
    ['ZeroPadding2D', 'padding', -1, 'padding must be 2 non-negative integers (both sides alike)'],
    [
      'ZeroPadding2D',
      'padding',
      [1, 2, 3],
      'padding must be 2 non-negative integers (both sides alike), 2 pairs',
    ],
    ['ZeroPadding2D', 'padding', [[0, 1], [2]], 'padding must be 2 non-negative integers'],
    ['Cropping2D', 'cropping', [0, -1], 'cropping must be 2 non-negative integers'],
    ['Bidirectional', 'layer', 'Dense', 'layer must be one of LSTM, GRU, SimpleRNN'],
    ['Bidirectional', 'mergeMode', 'max', 'mergeMode must be one of concat, sum, mul, ave'],
    ['RepeatVector', 'n', undefined, 'n is required'],
    ['Permute', 'dims', [0, 1], 'dims must be a list of positive integers'],
    ['Dense', 'trainable', 'no', 'trainable must be true or false'],
  ] as const)('refuses %s.%s = %j with a reason', (type, name, value, reason) => {
    expect(checkParam(spec(type, name), value as never)).toContain(reason);
  });

  it.each([
    ['Conv2D', 'kernelSize', 5],
    ['Conv2D', 'kernelSize', [5, 3]],
    ['Reshape', 'targetShape', [7, -1]],
    ['MaxPooling2D', 'strides', null],
    ['Optimizer', 'earlyStopping', { patience: 2, monitor: 'val_acc' }],
    ['Optimizer', 'learningRate', 1e-5],
    ['Dropout', 'rate', 0],
    ['Dataset', 'limit', null],
    ['ZeroPadding2D', 'padding', 0],
    ['ZeroPadding2D', 'padding', [0, 2]],
    [
      'ZeroPadding2D',
      'padding',
      [
        [0, 1],
        [0, 1],
      ],
    ],
    ['Cropping2D', 'cropping', [0, 1, 2, 3]],
    ['UpSampling2D', 'size', 3],
    ['DepthwiseConv2D', 'kernelSize', [3, 3]],
  ] as const)('accepts %s.%s = %j', (type, name, value) => {
    expect(checkParam(spec(type, name), value as never)).toBeNull();
  });
});

describe('sidePairs', () => {
  it.each([
    [
      1,
      [
        [1, 1],
        [1, 1],
      ],
    ],
    [
      [1, 2],
      [
        [1, 1],
        [2, 2],
      ],
    ],
    [
      [0, 1, 2, 3],
      [
        [0, 1],
        [2, 3],
      ],
    ],
    [
      [
        [0, 1],
        [2, 3],
      ],
      [
        [0, 1],
        [2, 3],
      ],
    ],
  ] as const)('reads the per-side amount %j as %j', (value, pairs) => {
    expect(sidePairs(value as never, 2)).toEqual(pairs);
  });
});

describe('isParamShown', () => {
  it('shows momentum only for optimizers that use it', () => {
    const momentum = spec('Optimizer', 'momentum');
    expect(isParamShown(momentum, { optimizer: 'momentum' })).toBe(true);
    expect(isParamShown(momentum, { optimizer: 'adam' })).toBe(false);
    expect(isParamShown(spec('Optimizer', 'learningRate'), { optimizer: 'adam' })).toBe(true);
  });

  it('shows a Bidirectional gate activation only for the gated layers it wraps', () => {
    const gates = spec('Bidirectional', 'recurrentActivation');
    expect(isParamShown(gates, { layer: 'LSTM' })).toBe(true);
    expect(isParamShown(gates, { layer: 'GRU' })).toBe(true);
    expect(isParamShown(gates, { layer: 'SimpleRNN' })).toBe(false);
  });
});

describe('which kinds are layers', () => {
  it('every layer or activation kind but Input (and the Unsupported placeholder) is a layer; data, Input and training settings are not', () => {
    for (const type of NODE_TYPES) {
      const { category } = CATALOGUE[type];
      const expected = type !== 'Input' && (category === 'Layers' || category === 'Activations');
      expect([type, isLayerKind(type)]).toEqual([type, expected || type === 'Unsupported']);
    }
  });
});
