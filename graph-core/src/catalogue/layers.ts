import { ACTIVATIONS, PADDINGS } from './identifiers';
import { bool, choice, float, int, shape } from './param-builders';
import type { NodeKindSpec, ParamSpec } from './types';

const one = { min: 1, max: 1 };

export const activationParam = (fallback: string, doc = 'Applied to the output.'): ParamSpec =>
  choice({ name: 'activation', label: 'Activation', doc, default: fallback, options: ACTIVATIONS });
const useBias = bool({
  name: 'useBias',
  label: 'Use bias',
  doc: 'Add a learned bias per output unit.',
  default: true,
});
const units = (fallback: number) =>
  int({
    name: 'units',
    label: 'Units',
    doc: 'Size of the output (number of neurons).',
    default: fallback,
    min: 1,
    max: 1_000_000,
  });
const padding = (options: readonly string[]) =>
  choice({
    name: 'padding',
    label: 'Padding',
    doc: 'valid: no padding, the output shrinks. same: pad so the output keeps size / strides.',
    default: 'valid',
    options,
  });

export const Input: NodeKindSpec = {
  type: 'Input',
  category: 'Layers',
  summary: 'Where samples enter the model; its shape comes from the dataset unless set.',
  inputs: { min: 0, max: 1 },
  hasOutput: true,
  params: [
    shape({
      name: 'shape',
      label: 'Shape',
      doc: 'Shape of one sample without the batch dimension; empty: taken from the dataset.',
      default: null,
      optional: true,
    }),
  ],
};

export const Dense: NodeKindSpec = {
  type: 'Dense',
  category: 'Layers',
  summary: 'Fully connected layer: every output unit sees every input value.',
  inputs: one,
  hasOutput: true,
  params: [units(32), activationParam('linear'), useBias],
};

const convParams = (dims: 1 | 2): ParamSpec[] => [
  int({
    name: 'filters',
    label: 'Filters',
    doc: 'Number of output channels.',
    default: 32,
    min: 1,
    max: 100_000,
  }),
  shape({
    name: 'kernelSize',
    label: 'Kernel size',
    doc: 'Size of the sliding window.',
    default: dims === 2 ? [3, 3] : [3],
    length: dims,
  }),
  shape({
    name: 'strides',
    label: 'Strides',
    doc: 'Step of the sliding window.',
    default: dims === 2 ? [1, 1] : [1],
    length: dims,
  }),
  padding(PADDINGS),
  activationParam('linear'),
  useBias,
];

export const Conv1D: NodeKindSpec = {
  type: 'Conv1D',
  category: 'Layers',
  summary: 'Convolution over a sequence [steps, channels].',
  inputs: one,
  hasOutput: true,
  params: convParams(1),
};

export const Conv2D: NodeKindSpec = {
  type: 'Conv2D',
  category: 'Layers',
  summary: 'Convolution over an image [height, width, channels].',
  inputs: one,
  hasOutput: true,
  params: convParams(2),
};

const poolParams: ParamSpec[] = [
  shape({
    name: 'poolSize',
    label: 'Pool size',
    doc: 'Size of the pooling window.',
    default: [2, 2],
    length: 2,
  }),
  shape({
    name: 'strides',
    label: 'Strides',
    doc: 'Step of the window; empty: the pool size.',
    default: null,
    length: 2,
    optional: true,
  }),
  padding(PADDINGS),
];

export const MaxPooling2D: NodeKindSpec = {
  type: 'MaxPooling2D',
  category: 'Layers',
  summary: 'Keeps the largest value of each window of an image.',
  inputs: one,
  hasOutput: true,
  params: poolParams,
};

export const AveragePooling2D: NodeKindSpec = {
  type: 'AveragePooling2D',
  category: 'Layers',
  summary: 'Averages each window of an image.',
  inputs: one,
  hasOutput: true,
  params: poolParams,
};

export const GlobalAveragePooling2D: NodeKindSpec = {
  type: 'GlobalAveragePooling2D',
  category: 'Layers',
  summary: 'Averages each channel over the whole image: [h, w, c] → [c].',
  inputs: one,
  hasOutput: true,
  params: [],
};

export const Flatten: NodeKindSpec = {
  type: 'Flatten',
  category: 'Layers',
  summary: 'Lays all values of a sample out in one vector.',
  inputs: one,
  hasOutput: true,
  params: [],
};

export const Reshape: NodeKindSpec = {
  type: 'Reshape',
  category: 'Layers',
  summary: 'Gives a sample a new shape with the same number of values.',
  inputs: one,
  hasOutput: true,
  params: [
    shape({
      name: 'targetShape',
      label: 'Target shape',
      doc: 'New shape without the batch dimension; one entry may be -1 to infer it.',
      default: null,
      allowInfer: true,
    }),
  ],
};

export const Dropout: NodeKindSpec = {
  type: 'Dropout',
  category: 'Layers',
  summary: 'During training, zeroes a random fraction of values to fight overfitting.',
  inputs: one,
  hasOutput: true,
  params: [
    float({
      name: 'rate',
      label: 'Rate',
      doc: 'Fraction of values dropped during training.',
      default: 0.5,
      min: 0,
      max: 1,
      exclusiveMax: true,
    }),
  ],
};

export const BatchNormalization: NodeKindSpec = {
  type: 'BatchNormalization',
  category: 'Layers',
  summary: 'Normalises each channel over the batch, with a learned scale and offset.',
  inputs: one,
  hasOutput: true,
  params: [
    int({
      name: 'axis',
      label: 'Axis',
      doc: 'The channel axis; -1 is the last.',
      default: -1,
      min: -8,
      max: 8,
    }),
    float({
      name: 'momentum',
      label: 'Momentum',
      doc: 'How slowly the moving mean and variance follow the batches.',
      default: 0.99,
      min: 0,
      max: 1,
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
    bool({ name: 'center', label: 'Center', doc: 'Learn an offset (beta) per channel.', default: true }),
    bool({ name: 'scale', label: 'Scale', doc: 'Learn a scale (gamma) per channel.', default: true }),
  ],
};

export { Add, Average, Concatenate, Embedding, GRU, LSTM, Multiply, SimpleRNN } from './layers-sequence';
