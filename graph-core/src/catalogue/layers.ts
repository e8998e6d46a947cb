import {
  activationParam,
  filters,
  kernelSize,
  one,
  padding,
  regularizers,
  strides,
  trainable,
  useBias,
} from './common-params';
import { KERNEL_INITIALIZERS, PADDINGS } from './identifiers';
import { bool, choice, float, int, shape } from './param-builders';
import type { NodeKindSpec, ParamSpec } from './types';

export { activationParam } from './common-params';

const units = (fallback: number) =>
  int({
    name: 'units',
    label: 'Units',
    doc: 'Size of the output (number of neurons).',
    default: fallback,
    min: 1,
    max: 1_000_000,
  });

export const Input: NodeKindSpec = {
  type: 'Input',
  category: 'Layers',
  group: 'Core',
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
  group: 'Core',
  summary: 'Fully connected layer: every output unit sees every input value.',
  inputs: one,
  hasOutput: true,
  params: [
    units(32),
    activationParam('linear'),
    useBias,
    ...regularizers,
    trainable,
    choice({
      name: 'kernelInitializer',
      label: 'Kernel initializer',
      doc: 'How the weights start: glorotUniform (the default) and glorotNormal scale by fan in and out, heUniform/heNormal by fan in (made for ReLU), lecunNormal by fan in; randomNormal is N(0, 0.05²) whatever the layer size, the naive start deep nets train badly from.',
      default: 'glorotUniform',
      options: KERNEL_INITIALIZERS,
    }),
  ],
};

const convParams = (dims: 1 | 2): ParamSpec[] => [
  filters,
  kernelSize(dims),
  strides(dims),
  padding(PADDINGS),
  activationParam('linear'),
  useBias,
  ...regularizers,
  trainable,
];

export const Conv1D: NodeKindSpec = {
  type: 'Conv1D',
  category: 'Layers',
  group: 'Convolution',
  summary: 'Convolution over a sequence [steps, channels].',
  inputs: one,
  hasOutput: true,
  params: convParams(1),
};

export const Conv2D: NodeKindSpec = {
  type: 'Conv2D',
  category: 'Layers',
  group: 'Convolution',
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
  group: 'Pooling',
  summary: 'Keeps the largest value of each window of an image.',
  inputs: one,
  hasOutput: true,
  params: poolParams,
};

export const AveragePooling2D: NodeKindSpec = {
  type: 'AveragePooling2D',
  category: 'Layers',
  group: 'Pooling',
  summary: 'Averages each window of an image.',
  inputs: one,
  hasOutput: true,
  params: poolParams,
};

export const GlobalAveragePooling2D: NodeKindSpec = {
  type: 'GlobalAveragePooling2D',
  category: 'Layers',
  group: 'Pooling',
  summary: 'Averages each channel over the whole image: [h, w, c] → [c].',
  inputs: one,
  hasOutput: true,
  params: [],
};

export const Flatten: NodeKindSpec = {
  type: 'Flatten',
  category: 'Layers',
  group: 'Reshaping',
  summary: 'Lays all values of a sample out in one vector.',
  inputs: one,
  hasOutput: true,
  params: [],
};

export const Reshape: NodeKindSpec = {
  type: 'Reshape',
  category: 'Layers',
  group: 'Reshaping',
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
  group: 'Core',
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
  group: 'Normalization',
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
    trainable,
  ],
};

export {
  Add,
  Average,
  Bidirectional,
  Concatenate,
  Embedding,
  GRU,
  LSTM,
  Multiply,
  SimpleRNN,
} from './layers-sequence';
export {
  Conv2DTranspose,
  Cropping2D,
  DepthwiseConv2D,
  GlobalMaxPooling2D,
  SeparableConv2D,
  UpSampling2D,
  ZeroPadding2D,
} from './layers-image';
export { GlobalMaxPooling1D, LayerNormalization, Permute, RepeatVector } from './layers-shape';
