import { one, trainable } from './common-params';
import { bool, float, int, shape } from './param-builders';
import type { NodeKindSpec } from './types';

/** Sequence and axis layers the imports need (Transformers, seq2seq). Keras names and defaults. */

export const GlobalMaxPooling1D: NodeKindSpec = {
  type: 'GlobalMaxPooling1D',
  category: 'Layers',
  group: 'Pooling',
  summary: 'Keeps the largest value of each feature over all steps: [steps, f] → [f].',
  inputs: one,
  hasOutput: true,
  params: [],
};

export const Permute: NodeKindSpec = {
  type: 'Permute',
  category: 'Layers',
  group: 'Reshaping',
  summary: 'Reorders the axes of a sample, e.g. [steps, features] → [features, steps].',
  inputs: one,
  hasOutput: true,
  params: [
    shape({
      name: 'dims',
      label: 'Axis order',
      doc: 'New order of the sample axes, counted from 1 (batch excluded): [2, 1] swaps two axes.',
      default: null,
    }),
  ],
};

export const RepeatVector: NodeKindSpec = {
  type: 'RepeatVector',
  category: 'Layers',
  group: 'Reshaping',
  summary: 'Repeats a vector n times: [f] → [n, f] (feeds a decoder RNN).',
  inputs: one,
  hasOutput: true,
  params: [
    int({
      name: 'n',
      label: 'Repeats',
      doc: 'How many times the vector is repeated (the new steps axis).',
      default: null,
      min: 1,
      max: 1_000_000,
    }),
  ],
};

export const LayerNormalization: NodeKindSpec = {
  type: 'LayerNormalization',
  category: 'Layers',
  group: 'Normalization',
  summary: 'Normalises each sample over its last axis, with a learned scale and offset.',
  inputs: one,
  hasOutput: true,
  params: [
    int({
      name: 'axis',
      label: 'Axis',
      doc: 'The axis normalised over; -1 is the last.',
      default: -1,
      min: -8,
      max: 8,
    }),
    float({
      name: 'epsilon',
      label: 'Epsilon',
      doc: 'Added to the variance to avoid division by zero.',
      default: 0.001,
      min: 0,
      exclusiveMin: true,
      log: true,
    }),
    bool({
      name: 'center',
      label: 'Center',
      doc: 'Learn an offset (beta) per value of the axis.',
      default: true,
    }),
    bool({
      name: 'scale',
      label: 'Scale',
      doc: 'Learn a scale (gamma) per value of the axis.',
      default: true,
    }),
    trainable,
  ],
};
