import { describe, expect, it } from 'vitest';
import type { JsonValue, NodeType } from '../document/types';
import { probe } from './test-graphs';

// What the layers the imports need say when they cannot work: one error, naming node and field.
const cases: [NodeType, Record<string, JsonValue>, number[], string, RegExp][] = [
  [
    'DepthwiseConv2D',
    {},
    [16],
    'inputs',
    /DepthwiseConv2D "x" needs an image \[height, width, channels\] but gets \[16\]/,
  ],
  ['SeparableConv2D', {}, [2, 2, 3], 'kernelSize', /kernelSize \[3, 3\] is larger than its input \[2, 2\]/],
  ['Conv2DTranspose', {}, [10, 3], 'inputs', /needs an image/],
  ['UpSampling2D', {}, [10], 'inputs', /needs an image/],
  ['ZeroPadding2D', {}, [10, 3], 'inputs', /needs an image/],
  [
    'Cropping2D',
    { cropping: [2, 0] },
    [4, 4, 1],
    'cropping',
    /Cropping2D "x" cuts 4 rows and 0 columns off an image of \[4, 4, 1\], which leaves \[0, 4\]: crop less/,
  ],
  [
    'GlobalMaxPooling1D',
    {},
    [4, 4, 1],
    'inputs',
    /needs a sequence \[steps, features\] but gets \[4, 4, 1\]/,
  ],
  ['GlobalMaxPooling2D', {}, [4], 'inputs', /needs an image/],
  [
    'Permute',
    { dims: [1, 3] },
    [4, 5],
    'dims',
    /Permute "x": dims \[1, 3\] must order all 2 axes of its input \[4, 5\], each once: a reordering of \[1, 2\]/,
  ],
  ['Permute', { dims: [1, 1] }, [4, 5], 'dims', /each once/],
  ['Permute', { dims: [2, 1, 3] }, [4, 5], 'dims', /must order all 2 axes/],
  [
    'RepeatVector',
    { n: 2 },
    [4, 5],
    'inputs',
    /RepeatVector "x" needs a vector \[features\] but gets \[4, 5\]/,
  ],
  ['RepeatVector', {}, [4], 'n', /RepeatVector "x": n is required/],
  [
    'LayerNormalization',
    { axis: 3 },
    [4, 5],
    'axis',
    /LayerNormalization "x": axis 3 does not exist for input \[4, 5\]/,
  ],
  [
    'Bidirectional',
    {},
    [8],
    'inputs',
    /Bidirectional "x" needs a sequence \[timesteps, features\] but gets \[8\]/,
  ],
  [
    'Bidirectional',
    { layer: 'Dense' },
    [8, 2],
    'layer',
    /Bidirectional "x": layer must be one of LSTM, GRU, SimpleRNN/,
  ],
  ['ZeroPadding2D', { padding: [1, -1] }, [4, 4, 1], 'padding', /padding must be 2 non-negative integers/],
  ['Dense', { trainable: 'no' }, [4], 'trainable', /Dense "x": trainable must be true or false/],
];

describe('diagnostics of the layers the imports need', () => {
  it.each(cases)('%s %j on %j: an error on %s', (type, params, input, field, message) => {
    const r = probe(type, params, input);
    expect(r.outputShape).toBeNull();
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ nodeId: 'x', field });
    expect(errors[0]?.message).toMatch(message);
  });

  it('offers a Reshape when a DepthwiseConv2D gets a flat square image', () => {
    const fix = probe('DepthwiseConv2D', {}, [16]).diagnostics[0]?.fix;
    expect(fix).toMatchObject({
      kind: 'insertNode',
      nodeType: 'Reshape',
      params: { targetShape: [4, 4, 1] },
    });
  });
});
