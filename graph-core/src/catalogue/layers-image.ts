import {
  activationParam,
  depthMultiplier,
  filters,
  kernelSize,
  one,
  padding,
  regularizers,
  strides,
  trainable,
  useBias,
} from './common-params';
import { choice, shape } from './param-builders';
import type { NodeKindSpec } from './types';

/** Image layers the imports need (MobileNet-style blocks, decoders, U-Nets). Keras names and defaults. */

export const DepthwiseConv2D: NodeKindSpec = {
  type: 'DepthwiseConv2D',
  category: 'Layers',
  group: 'Convolution',
  summary: 'Convolves each channel of an image on its own (channels × depth multiplier out).',
  inputs: one,
  hasOutput: true,
  params: [
    kernelSize(2),
    strides(2),
    padding(),
    depthMultiplier,
    activationParam('linear'),
    useBias,
    trainable,
  ],
};

export const SeparableConv2D: NodeKindSpec = {
  type: 'SeparableConv2D',
  category: 'Layers',
  group: 'Convolution',
  summary: 'A depthwise convolution followed by a 1×1 convolution that mixes channels.',
  inputs: one,
  hasOutput: true,
  params: [
    filters,
    kernelSize(2),
    strides(2),
    padding(),
    depthMultiplier,
    activationParam('linear'),
    useBias,
    trainable,
  ],
};

export const Conv2DTranspose: NodeKindSpec = {
  type: 'Conv2DTranspose',
  category: 'Layers',
  group: 'Convolution',
  summary: 'Transposed convolution: grows an image by its strides (decoders, upsampling).',
  inputs: one,
  hasOutput: true,
  params: [
    filters,
    kernelSize(2),
    strides(2, 'Growth per axis: the output is about input × strides.'),
    padding(),
    activationParam('linear'),
    useBias,
    ...regularizers,
    trainable,
  ],
};

export const UpSampling2D: NodeKindSpec = {
  type: 'UpSampling2D',
  category: 'Layers',
  group: 'Reshaping',
  summary: 'Enlarges an image by repeating (or interpolating) its rows and columns.',
  inputs: one,
  hasOutput: true,
  params: [
    shape({
      name: 'size',
      label: 'Size',
      doc: 'Factor for rows and columns.',
      default: [2, 2],
      length: 2,
    }),
    choice({
      name: 'interpolation',
      label: 'Interpolation',
      doc: 'nearest: repeat values. bilinear: blend neighbouring values.',
      default: 'nearest',
      options: ['nearest', 'bilinear'],
    }),
  ],
};

export const ZeroPadding2D: NodeKindSpec = {
  type: 'ZeroPadding2D',
  category: 'Layers',
  group: 'Reshaping',
  summary: 'Adds rows and columns of zeros around an image.',
  inputs: one,
  hasOutput: true,
  params: [
    shape({
      name: 'padding',
      label: 'Padding',
      doc: 'Zeros added: one number for every side, [rows, columns] for both sides of each, or [top, bottom, left, right].',
      default: [1, 1],
      length: 2,
      min: 0,
      perSide: true,
    }),
  ],
};

export const Cropping2D: NodeKindSpec = {
  type: 'Cropping2D',
  category: 'Layers',
  group: 'Reshaping',
  summary: 'Cuts rows and columns off the edges of an image.',
  inputs: one,
  hasOutput: true,
  params: [
    shape({
      name: 'cropping',
      label: 'Cropping',
      doc: 'Cut off: one number for every side, [rows, columns] for both sides of each, or [top, bottom, left, right].',
      default: [0, 0],
      length: 2,
      min: 0,
      perSide: true,
    }),
  ],
};

export const GlobalMaxPooling2D: NodeKindSpec = {
  type: 'GlobalMaxPooling2D',
  category: 'Layers',
  group: 'Pooling',
  summary: 'Keeps the largest value of each channel over the whole image: [h, w, c] → [c].',
  inputs: one,
  hasOutput: true,
  params: [],
};
