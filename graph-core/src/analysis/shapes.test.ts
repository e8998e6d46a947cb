import { describe, expect, it } from 'vitest';
import type { JsonValue, NodeType } from '../document/types';
import { probe } from './test-graphs';

// Shape-only cases: output shape (batch dimension null) for each layer kind, as tfjs computes it.
const cases: [NodeType, Record<string, JsonValue>, number[][], (number | null)[]][] = [
  ['Dense', { units: 128 }, [[784]], [null, 128]],
  ['Dense', { units: 8 }, [[5, 3]], [null, 5, 8]],
  ['Conv2D', { filters: 16, kernelSize: [3, 3] }, [[28, 28, 1]], [null, 26, 26, 16]],
  ['Conv2D', { filters: 16, kernelSize: 5, padding: 'same' }, [[28, 28, 1]], [null, 28, 28, 16]],
  ['Conv2D', { filters: 4, kernelSize: [3, 3], strides: [2, 2] }, [[28, 28, 3]], [null, 13, 13, 4]],
  ['Conv2D', { filters: 4, kernelSize: 3, strides: 2, padding: 'same' }, [[7, 7, 3]], [null, 4, 4, 4]],
  ['Conv1D', { filters: 8, kernelSize: [5] }, [[100, 3]], [null, 96, 8]],
  ['Conv1D', { filters: 8, kernelSize: 3, padding: 'same', strides: 2 }, [[10, 3]], [null, 5, 8]],
  ['MaxPooling2D', {}, [[26, 26, 16]], [null, 13, 13, 16]],
  ['MaxPooling2D', { poolSize: [3, 3] }, [[7, 7, 2]], [null, 2, 2, 2]],
  ['AveragePooling2D', { poolSize: 2, strides: [1, 1] }, [[4, 4, 2]], [null, 3, 3, 2]],
  ['AveragePooling2D', { poolSize: 2, padding: 'same' }, [[5, 5, 2]], [null, 3, 3, 2]],
  ['GlobalAveragePooling2D', {}, [[7, 7, 32]], [null, 32]],
  ['Flatten', {}, [[28, 28, 1]], [null, 784]],
  ['Reshape', { targetShape: [7, 7, 16] }, [[784]], [null, 7, 7, 16]],
  ['Reshape', { targetShape: [-1, 4] }, [[8, 2]], [null, 4, 4]],
  ['Dropout', { rate: 0.2 }, [[64]], [null, 64]],
  ['BatchNormalization', {}, [[13, 13, 8]], [null, 13, 13, 8]],
  ['SimpleRNN', { units: 16 }, [[28, 28]], [null, 16]],
  ['LSTM', { units: 32, returnSequences: true }, [[28, 28]], [null, 28, 32]],
  ['GRU', { units: 8 }, [[10, 4]], [null, 8]],
  ['Embedding', { inputDim: 100, outputDim: 8 }, [[20]], [null, 20, 8]],
  ['Add', {}, [[16], [16], [16]], [null, 16]],
  [
    'Multiply',
    {},
    [
      [4, 4],
      [4, 4],
    ],
    [null, 4, 4],
  ],
  ['Average', {}, [[3], [3]], [null, 3]],
  ['Concatenate', {}, [[8], [4]], [null, 12]],
  [
    'Concatenate',
    { axis: 1 },
    [
      [2, 5],
      [3, 5],
    ],
    [null, 5, 5],
  ],
  ['Activation', { activation: 'tanh' }, [[10]], [null, 10]],
  ['LeakyReLU', {}, [[3, 3, 2]], [null, 3, 3, 2]],
  ['ELU', {}, [[10]], [null, 10]],
  ['PReLU', {}, [[10]], [null, 10]],
  ['Softmax', {}, [[10]], [null, 10]],
  ['DepthwiseConv2D', {}, [[8, 8, 3]], [null, 6, 6, 3]],
  ['DepthwiseConv2D', { depthMultiplier: 2, strides: 2, padding: 'same' }, [[7, 7, 3]], [null, 4, 4, 6]],
  ['SeparableConv2D', { filters: 5 }, [[8, 8, 3]], [null, 6, 6, 5]],
  ['SeparableConv2D', { filters: 5, strides: [2, 2], padding: 'same' }, [[5, 5, 2]], [null, 3, 3, 5]],
  ['Conv2DTranspose', { filters: 4 }, [[5, 5, 2]], [null, 7, 7, 4]],
  ['Conv2DTranspose', { filters: 4, kernelSize: 2, strides: 2 }, [[5, 5, 2]], [null, 10, 10, 4]],
  ['Conv2DTranspose', { filters: 4, kernelSize: 1, strides: 3 }, [[2, 2, 2]], [null, 6, 6, 4]],
  ['Conv2DTranspose', { filters: 4, strides: 2, padding: 'same' }, [[5, 3, 2]], [null, 10, 6, 4]],
  ['UpSampling2D', {}, [[4, 5, 3]], [null, 8, 10, 3]],
  ['UpSampling2D', { size: [3, 1], interpolation: 'bilinear' }, [[4, 5, 3]], [null, 12, 5, 3]],
  ['ZeroPadding2D', {}, [[4, 5, 3]], [null, 6, 7, 3]],
  [
    'ZeroPadding2D',
    {
      padding: [
        [0, 1],
        [2, 3],
      ],
    },
    [[4, 5, 3]],
    [null, 5, 10, 3],
  ],
  ['ZeroPadding2D', { padding: [0, 1, 2, 3] }, [[4, 5, 3]], [null, 5, 10, 3]],
  ['Cropping2D', {}, [[4, 5, 3]], [null, 4, 5, 3]],
  ['Cropping2D', { cropping: 1 }, [[4, 5, 3]], [null, 2, 3, 3]],
  [
    'Cropping2D',
    {
      cropping: [
        [0, 1],
        [2, 0],
      ],
    },
    [[4, 5, 3]],
    [null, 3, 3, 3],
  ],
  ['GlobalMaxPooling1D', {}, [[10, 4]], [null, 4]],
  ['GlobalMaxPooling2D', {}, [[7, 7, 32]], [null, 32]],
  ['Permute', { dims: [2, 1] }, [[10, 4]], [null, 4, 10]],
  ['Permute', { dims: [3, 1, 2] }, [[2, 3, 4]], [null, 4, 2, 3]],
  ['RepeatVector', { n: 3 }, [[8]], [null, 3, 8]],
  ['LayerNormalization', {}, [[5, 8]], [null, 5, 8]],
  ['Bidirectional', { units: 4 }, [[10, 3]], [null, 8]],
  ['Bidirectional', { units: 4, returnSequences: true }, [[10, 3]], [null, 10, 8]],
  ['Bidirectional', { layer: 'GRU', units: 4, mergeMode: 'sum' }, [[10, 3]], [null, 4]],
  [
    'Bidirectional',
    { layer: 'SimpleRNN', units: 4, mergeMode: 'ave', returnSequences: true },
    [[10, 3]],
    [null, 10, 4],
  ],
  ['Activation', { activation: 'relu6' }, [[10]], [null, 10]],
];

describe('shape inference', () => {
  it.each(cases)('%s %j on %j gives %j', (type, params, inputs, expected) => {
    const r = probe(type, params, ...inputs);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.outputShape).toEqual(expected);
  });

  it('leaves the shape unknown, without further errors, after a node that failed', () => {
    const r = probe('Dense', { units: 0 }, [4]);
    expect(r.outputShape).toBeNull();
    expect(r.diagnostics).toHaveLength(1);
  });
});
