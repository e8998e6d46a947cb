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
];

describe('parameter counts', () => {
  it.each(cases)('%s %j on %j has %i parameters', (type, params, inputs, expected) => {
    expect(probe(type, params, ...inputs).params).toBe(expected);
  });

  it('counts BatchNormalization moving statistics as non-trainable', () => {
    expect(probe('BatchNormalization', {}, [8]).nonTrainableParams).toBe(16);
  });
});
