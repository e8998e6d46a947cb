import { describe, expect, it } from 'vitest';
import type { JsonValue, NodeType } from '../document/types';
import { probe } from './test-graphs';

// Numeric cases: parameter counts by the Keras / tfjs-layers formulas.
const cases: [NodeType, Record<string, JsonValue>, number[][], number][] = [
  ['Dense', { units: 128 }, [[784]], 100_480],
  ['Dense', { units: 10, useBias: false }, [[128]], 1280],
  ['Dense', { units: 8 }, [[5, 3]], 32],
  ['Conv2D', { filters: 32, kernelSize: [3, 3] }, [[28, 28, 1]], 320],
  ['Conv2D', { filters: 64, kernelSize: [3, 3] }, [[13, 13, 32]], 18_496],
  ['Conv2D', { filters: 4, kernelSize: [5, 3], useBias: false }, [[10, 10, 2]], 120],
  ['Conv1D', { filters: 8, kernelSize: [5] }, [[100, 3]], 128],
  ['MaxPooling2D', {}, [[26, 26, 16]], 0],
  ['BatchNormalization', {}, [[13, 13, 8]], 32],
  ['BatchNormalization', { center: false }, [[64]], 192],
  ['BatchNormalization', { axis: 1 }, [[6, 10]], 24],
  ['SimpleRNN', { units: 16 }, [[28, 28]], 16 * (28 + 16) + 16],
  ['LSTM', { units: 32 }, [[28, 28]], 4 * (32 * (28 + 32) + 32)],
  ['LSTM', { units: 4, useBias: false }, [[3, 2]], 4 * (4 * (2 + 4))],
  ['GRU', { units: 8 }, [[10, 4]], 3 * (8 * (4 + 8) + 8)],
  ['Embedding', { inputDim: 100, outputDim: 8 }, [[20]], 800],
  ['PReLU', {}, [[4, 5]], 20],
  ['Add', {}, [[16], [16]], 0],
  ['Flatten', {}, [[28, 28, 1]], 0],
  // Kinds the imports need (issue 16): depthwise kernel kh·kw·c·m, pointwise c·m·filters.
  ['DepthwiseConv2D', {}, [[8, 8, 3]], 3 * 3 * 3 + 3],
  ['DepthwiseConv2D', { depthMultiplier: 2, useBias: false }, [[8, 8, 3]], 3 * 3 * 3 * 2],
  ['SeparableConv2D', { filters: 5 }, [[8, 8, 3]], 3 * 3 * 3 + 3 * 5 + 5],
  ['SeparableConv2D', { filters: 5, depthMultiplier: 2 }, [[8, 8, 3]], 9 * 6 + 6 * 5 + 5],
  ['Conv2DTranspose', { filters: 4, kernelSize: [2, 3] }, [[5, 5, 2]], 2 * 3 * 2 * 4 + 4],
  ['LayerNormalization', {}, [[5, 8]], 16],
  ['LayerNormalization', { axis: 1, center: false }, [[5, 8]], 5],
  ['Bidirectional', { units: 4 }, [[10, 3]], 2 * 4 * (4 * (3 + 4) + 4)],
  ['Bidirectional', { layer: 'GRU', units: 4, useBias: false }, [[10, 3]], 2 * 3 * 4 * (3 + 4)],
  ['Bidirectional', { layer: 'SimpleRNN', units: 2 }, [[10, 3]], 2 * (2 * (3 + 2) + 2)],
  ['UpSampling2D', {}, [[4, 4, 3]], 0],
  ['ZeroPadding2D', {}, [[4, 4, 3]], 0],
  ['Cropping2D', {}, [[4, 4, 3]], 0],
  ['GlobalMaxPooling1D', {}, [[4, 3]], 0],
  ['GlobalMaxPooling2D', {}, [[4, 4, 3]], 0],
  ['Permute', { dims: [2, 1] }, [[4, 3]], 0],
  ['RepeatVector', { n: 2 }, [[4]], 0],
];

describe('parameter counts', () => {
  it.each(cases)('%s %j on %j has %i parameters', (type, params, inputs, expected) => {
    expect(probe(type, params, ...inputs).params).toBe(expected);
  });

  it('counts BatchNormalization moving statistics as non-trainable', () => {
    expect(probe('BatchNormalization', {}, [8]).nonTrainableParams).toBe(16);
  });

  it.each([
    ['Dense', { units: 4 }, [3], 16],
    ['BatchNormalization', {}, [8], 32],
    ['Bidirectional', { units: 2 }, [5, 3], 2 * 4 * (2 * (3 + 2) + 2)],
    ['DepthwiseConv2D', {}, [4, 4, 2], 20],
  ] as const)('counts every parameter of a frozen %s as non-trainable', (type, params, input, count) => {
    const frozen = probe(type, { ...params, trainable: false }, [...input]);
    expect(frozen.params).toBe(count);
    expect(frozen.nonTrainableParams).toBe(count);
    expect(probe(type, params, [...input]).params).toBe(count);
  });

  it('leaves the count of a frozen layer without weights at zero', () => {
    expect(probe('Dense', { units: 4, trainable: false }, [3]).nonTrainableParams).toBe(16);
    expect(probe('Flatten', { trainable: false }, [3, 3]).nonTrainableParams).toBeUndefined();
  });
});
