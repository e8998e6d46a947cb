// The analysis ⇔ tfjs agreement cases for the original layer kinds: each sits on the border of a
// layer's rules (sizes equal to the kernel, odd sizes with strides, rank changes).
import { chain, flat, merged, P, softmax } from './agreement-kit';

export const VALID: [name: string, graph: ReturnType<typeof chain>][] = [
  ['Dense on a single feature', chain([1], [softmax()])],
  ['Flatten of a sequence [t, f]', chain([5, 2], [flat, softmax()])],
  [
    'Conv2D whose kernel equals the image',
    chain([3, 3, 1], [['c', 'Conv2D', P({ filters: 2, kernelSize: [3, 3] })], flat, softmax()]),
  ],
  [
    'Conv2D same padding, stride 2 on an odd size',
    chain(
      [5, 5, 1],
      [
        ['c', 'Conv2D', P({ filters: 2, kernelSize: [3, 3], strides: [2, 2], padding: 'same' })],
        flat,
        softmax(),
      ],
    ),
  ],
  [
    'Conv2D valid padding, stride larger than the kernel',
    chain(
      [7, 7, 2],
      [['c', 'Conv2D', P({ filters: 1, kernelSize: [2, 2], strides: [3, 3] })], flat, softmax()],
    ),
  ],
  [
    'MaxPooling2D whose pool equals the image',
    chain([4, 4, 1], [['p', 'MaxPooling2D', P({ poolSize: [4, 4] })], flat, softmax()]),
  ],
  [
    'AveragePooling2D same padding on an odd size',
    chain([5, 5, 1], [['p', 'AveragePooling2D', P({ poolSize: [2, 2], padding: 'same' })], flat, softmax()]),
  ],
  [
    'Conv2D, MaxPooling2D and Conv1D sizes given as one number (kernelSize: 5, strides: 1, poolSize: 2), as Keras takes them',
    chain(
      [9, 9, 1],
      [
        ['c', 'Conv2D', P({ filters: 2, kernelSize: 5, strides: 1 })],
        ['p', 'MaxPooling2D', P({ poolSize: 2, strides: 2 })],
        ['r', 'Reshape', P({ targetShape: [4, 2] })],
        ['c1', 'Conv1D', P({ filters: 2, kernelSize: 3, strides: 1 })],
        flat,
        softmax(),
      ],
    ),
  ],
  ['GlobalAveragePooling2D of a 1×1 image', chain([1, 1, 4], [['g', 'GlobalAveragePooling2D'], softmax()])],
  [
    'Conv1D whose kernel equals the sequence',
    chain([4, 2], [['c', 'Conv1D', P({ filters: 3, kernelSize: [4] })], flat, softmax()]),
  ],
  [
    'Reshape with -1 then Conv2D',
    chain(
      [16],
      [
        ['r', 'Reshape', P({ targetShape: [4, -1, 1] })],
        ['c', 'Conv2D', P({ filters: 1, kernelSize: [2, 2] })],
        flat,
        softmax(),
      ],
    ),
  ],
  [
    'Reshape of an image to a sequence, then LSTM',
    chain(
      [4, 4, 1],
      [['r', 'Reshape', P({ targetShape: [4, 4] })], ['l', 'LSTM', P({ units: 3 })], softmax()],
    ),
  ],
  [
    'stacked recurrent layers (returnSequences)',
    chain(
      [6, 2],
      [['g', 'GRU', P({ units: 4, returnSequences: true })], ['s', 'SimpleRNN', P({ units: 3 })], softmax()],
    ),
  ],
  [
    'a sequence output flattened',
    chain([3, 2], [['l', 'LSTM', P({ units: 2, returnSequences: true })], flat, softmax()]),
  ],
  [
    'Embedding of a single token',
    chain([1], [['e', 'Embedding', P({ inputDim: 10, outputDim: 2 })], flat, softmax()]),
  ],
  [
    'BatchNormalization on features and on images',
    chain([2, 2, 3], [['b1', 'BatchNormalization'], flat, ['b2', 'BatchNormalization'], softmax()]),
  ],
  [
    'Dense on an image (last axis) then Flatten',
    chain([2, 2, 1], [['d', 'Dense', P({ units: 2 })], flat, softmax()]),
  ],
  [
    'Dropout 0 and Activation on a sequence',
    chain(
      [3, 2],
      [['dr', 'Dropout', P({ rate: 0 })], ['a', 'Activation', P({ activation: 'relu' })], flat, softmax()],
    ),
  ],
  [
    'Softmax over a flattened image',
    chain([2, 2, 1], [flat, ['d', 'Dense', P({ units: 3 })], ['s', 'Softmax']]),
  ],
  [
    'PReLU, LeakyReLU and ELU on images',
    chain([2, 2, 2], [['p', 'PReLU'], ['l', 'LeakyReLU'], ['e', 'ELU'], flat, softmax()]),
  ],
  [
    'Reshape with -1 then Flatten and Dense',
    chain([12], [['r', 'Reshape', P({ targetShape: [-1, 3] })], flat, softmax()]),
  ],
  [
    'Reshape with -1 then LSTM',
    chain([12], [['r', 'Reshape', P({ targetShape: [3, -1] })], ['l', 'LSTM', P({ units: 2 })], softmax()]),
  ],
  [
    'BatchNormalization on the channel axis of images, then global pooling',
    chain(
      [3, 3, 2],
      [['b', 'BatchNormalization', P({ axis: -1 })], ['g', 'GlobalAveragePooling2D'], softmax()],
    ),
  ],
  [
    'Conv1D with a stride longer than the sequence left over',
    chain([5, 1], [['c', 'Conv1D', P({ filters: 2, kernelSize: [2], strides: [4] })], flat, softmax()]),
  ],
  ['a one-unit regression head', chain([3], [['d', 'Dense', P({ units: 1 })]], 'meanSquaredError', 1)],
];

const IMAGE: number[] = [4, 4, 1];
export const MERGES: [string, ReturnType<typeof merged>, number[]][] = [
  [
    'Concatenate of different widths',
    merged('Concatenate', {}, ['Dense', { units: 2 }], ['Dense', { units: 5 }], [softmax()]),
    [3],
  ],
  [
    'Concatenate of images along channels',
    merged(
      'Concatenate',
      { axis: -1 },
      ['Conv2D', { filters: 1, kernelSize: [3, 3], padding: 'same' }],
      ['Conv2D', { filters: 2, kernelSize: [1, 1] }],
      [flat, softmax()],
    ),
    IMAGE,
  ],
  [
    'Add of two images',
    merged(
      'Add',
      {},
      ['Conv2D', { filters: 2, kernelSize: [3, 3], padding: 'same' }],
      ['Conv2D', { filters: 2, kernelSize: [1, 1] }],
      [flat, softmax()],
    ),
    IMAGE,
  ],
  [
    'Multiply of two vectors of equal width',
    merged(
      'Multiply',
      {},
      ['Dense', { units: 4 }],
      ['Dense', { units: 4, activation: 'sigmoid' }],
      [softmax()],
    ),
    [3],
  ],
  [
    'Average of two sequences',
    merged(
      'Average',
      {},
      ['LSTM', { units: 2, returnSequences: true }],
      ['GRU', { units: 2, returnSequences: true }],
      [flat, softmax()],
    ),
    [3, 2],
  ],
];
