// The analysis ⇔ tfjs agreement cases for the kinds the imports need (issue 16) and for frozen
// layers: on the borders of each rule (kernel equal to the image, odd sizes with strides, asymmetric
// padding, every merge mode), checked against tfjs countParams() and its non-trainable weights.
import { chain, flat, merged, P, softmax } from './agreement-kit';

const IMAGE = [5, 5, 2];

export const IMPORT_KINDS: [name: string, graph: ReturnType<typeof chain>][] = [
  [
    'DepthwiseConv2D whose kernel equals the image, depth multiplier 2',
    chain([3, 3, 2], [['dw', 'DepthwiseConv2D', P({ depthMultiplier: 2 })], flat, softmax()]),
  ],
  [
    'DepthwiseConv2D same padding, stride 2 on an odd size, relu6',
    chain(IMAGE, [
      ['dw', 'DepthwiseConv2D', P({ strides: 2, padding: 'same', activation: 'relu6', useBias: false })],
      flat,
      softmax(),
    ]),
  ],
  [
    'SeparableConv2D valid and same, with a depth multiplier',
    chain(IMAGE, [
      ['s1', 'SeparableConv2D', P({ filters: 3, kernelSize: [2, 3] })],
      ['s2', 'SeparableConv2D', P({ filters: 2, strides: [2, 2], padding: 'same', depthMultiplier: 2 })],
      flat,
      softmax(),
    ]),
  ],
  [
    'Conv2DTranspose valid with a kernel smaller than the stride, then same',
    chain(
      [2, 3, 1],
      [
        ['t1', 'Conv2DTranspose', P({ filters: 2, kernelSize: 1, strides: 3 })],
        ['t2', 'Conv2DTranspose', P({ filters: 2, kernelSize: [3, 2], strides: [2, 1], padding: 'same' })],
        flat,
        softmax(),
      ],
    ),
  ],
  [
    'UpSampling2D nearest and bilinear',
    chain(
      [2, 3, 1],
      [
        ['u1', 'UpSampling2D', P({ size: [2, 3] })],
        ['u2', 'UpSampling2D', P({ interpolation: 'bilinear' })],
        flat,
        softmax(),
      ],
    ),
  ],
  [
    'ZeroPadding2D asymmetric (as MobileNet pads before a stride-2 conv), then Cropping2D',
    chain(
      [4, 4, 1],
      [
        [
          'zp',
          'ZeroPadding2D',
          P({
            padding: [
              [0, 1],
              [0, 1],
            ],
          }),
        ],
        ['c', 'Conv2D', P({ filters: 2, strides: [2, 2] })],
        ['zp2', 'ZeroPadding2D', P({ padding: [0, 1, 2, 3] })],
        [
          'cr',
          'Cropping2D',
          P({
            cropping: [
              [1, 0],
              [0, 2],
            ],
          }),
        ],
        flat,
        softmax(),
      ],
    ),
  ],
  [
    'Cropping2D that leaves a single pixel, then GlobalMaxPooling2D',
    chain([3, 3, 2], [['cr', 'Cropping2D', P({ cropping: 1 })], ['g', 'GlobalMaxPooling2D'], softmax()]),
  ],
  ['GlobalMaxPooling1D of a sequence', chain([4, 3], [['g', 'GlobalMaxPooling1D'], softmax()])],
  [
    'Permute of a sequence and of an image',
    chain(
      [2, 3, 4],
      [
        ['p1', 'Permute', P({ dims: [3, 1, 2] })],
        ['r', 'Reshape', P({ targetShape: [8, 3] })],
        ['p2', 'Permute', P({ dims: [2, 1] })],
        flat,
        softmax(),
      ],
    ),
  ],
  [
    'RepeatVector into an LSTM (seq2seq decoder)',
    chain([4], [['rv', 'RepeatVector', P({ n: 3 })], ['l', 'LSTM', P({ units: 2 })], softmax()]),
  ],
  [
    'LayerNormalization on the last and on the steps axis, without center or scale',
    chain(
      [3, 4],
      [
        ['ln1', 'LayerNormalization'],
        ['ln2', 'LayerNormalization', P({ axis: 1, center: false })],
        ['ln3', 'LayerNormalization', P({ scale: false })],
        flat,
        softmax(),
      ],
    ),
  ],
  [
    'Bidirectional LSTM (concat, sequences) into Bidirectional GRU (sum)',
    chain(
      [5, 2],
      [
        ['b1', 'Bidirectional', P({ units: 3, returnSequences: true })],
        ['b2', 'Bidirectional', P({ layer: 'GRU', units: 2, mergeMode: 'sum' })],
        softmax(),
      ],
    ),
  ],
  [
    'Bidirectional SimpleRNN (mul) and LSTM (ave) without bias',
    chain(
      [5, 2],
      [
        ['b1', 'Bidirectional', P({ layer: 'SimpleRNN', units: 3, mergeMode: 'mul', returnSequences: true })],
        ['b2', 'Bidirectional', P({ units: 2, mergeMode: 'ave', useBias: false })],
        softmax(),
      ],
    ),
  ],
  ['Activation relu6', chain([4], [['a', 'Activation', P({ activation: 'relu6' })], softmax()])],
  [
    'every kind with weights frozen but the head',
    chain(
      [4, 4, 2],
      [
        ['c', 'Conv2D', P({ filters: 2, trainable: false })],
        ['bn', 'BatchNormalization', P({ trainable: false })],
        ['dw', 'DepthwiseConv2D', P({ padding: 'same', trainable: false })],
        ['sc', 'SeparableConv2D', P({ filters: 2, padding: 'same', trainable: false })],
        ['ct', 'Conv2DTranspose', P({ filters: 2, trainable: false })],
        ['r', 'Reshape', P({ targetShape: [16, 2] })],
        ['c1', 'Conv1D', P({ filters: 2, trainable: false })],
        ['ln', 'LayerNormalization', P({ trainable: false })],
        ['rnn', 'SimpleRNN', P({ units: 2, returnSequences: true, trainable: false })],
        ['lstm', 'LSTM', P({ units: 2, returnSequences: true, trainable: false })],
        ['gru', 'GRU', P({ units: 2, returnSequences: true, trainable: false })],
        ['bi', 'Bidirectional', P({ units: 2, trainable: false })],
        ['d', 'Dense', P({ units: 4, trainable: false })],
        softmax(),
      ],
    ),
  ],
  [
    'a frozen Embedding',
    chain([3], [['e', 'Embedding', P({ inputDim: 5, outputDim: 2, trainable: false })], flat, softmax()]),
  ],
];

export const IMPORT_MERGES: [string, ReturnType<typeof merged>, number[]][] = [
  [
    'Add of a depthwise-separable branch and a 1×1 projection (inverted residual)',
    merged(
      'Add',
      {},
      ['SeparableConv2D', { filters: 2, padding: 'same' }],
      ['Conv2D', { filters: 2, kernelSize: [1, 1] }],
      [['g', 'GlobalMaxPooling2D'], softmax()],
    ),
    [4, 4, 1],
  ],
];
