import { csvChain, wiredGraph, type TestGraph } from './graphs';

/**
 * The kinds the imports brought (issue 16) that the ONNX exporter writes, on random inputs. Their
 * weights are perturbed before export (see export-onnx.test.ts) so biases, gamma and beta are not
 * the zeros and ones they start at.
 */
export function importedKindGraphs(): TestGraph[] {
  const r = csvChain;
  return [
    r(
      'DepthwiseConv2D, SeparableConv2D, Conv2DTranspose',
      [9, 9, 2],
      [
        [
          'DepthwiseConv2D',
          { kernelSize: [3, 3], strides: [2, 2], padding: 'same', depthMultiplier: 2, activation: 'relu' },
        ],
        ['SeparableConv2D', { filters: 3, kernelSize: [2, 2], padding: 'same', depthMultiplier: 2 }],
        [
          'Conv2DTranspose',
          { filters: 4, kernelSize: [4, 4], strides: [2, 2], padding: 'same', activation: 'relu' },
        ],
        ['Conv2DTranspose', { filters: 2, kernelSize: [2, 3], strides: [3, 2], padding: 'valid' }],
        ['DepthwiseConv2D', { kernelSize: [3, 3], padding: 'valid', useBias: false, activation: 'tanh' }],
        [
          'SeparableConv2D',
          { filters: 3, kernelSize: [3, 3], strides: [2, 2], padding: 'valid', useBias: false },
        ],
        [
          'Conv2DTranspose',
          { filters: 2, kernelSize: [1, 1], strides: [2, 2], padding: 'same', useBias: false },
        ],
        ['Flatten', {}],
        ['Dense', { units: 3, activation: 'softmax' }],
      ],
    ),
    r(
      'UpSampling2D, ZeroPadding2D, Cropping2D',
      [5, 6, 2],
      [
        ['Conv2D', { filters: 3, kernelSize: [2, 2] }],
        [
          'ZeroPadding2D',
          {
            padding: [
              [1, 2],
              [0, 1],
            ],
          },
        ],
        ['UpSampling2D', { size: [2, 3] }],
        [
          'Cropping2D',
          {
            cropping: [
              [1, 0],
              [2, 3],
            ],
          },
        ],
        ['UpSampling2D', { size: [2, 2], interpolation: 'bilinear' }],
        ['Permute', { dims: [2, 1, 3] }],
        ['ZeroPadding2D', { padding: 1 }],
        [
          'Cropping2D',
          {
            cropping: [
              [0, 2],
              [1, 0],
            ],
          },
        ],
        ['UpSampling2D', { size: [1, 2] }],
        ['Flatten', {}],
        ['Dense', { units: 3, activation: 'softmax' }],
      ],
    ),
    r(
      'LayerNormalization on vectors, sequences and a middle axis',
      [5, 4],
      [
        ['Dense', { units: 6 }],
        ['LayerNormalization', {}],
        ['LayerNormalization', { axis: 1, epsilon: 0.01 }],
        ['Flatten', {}],
        ['LayerNormalization', { center: false }],
        ['Dense', { units: 3, activation: 'softmax' }],
      ],
    ),
    {
      name: 'Bidirectional LSTM, GRU and SimpleRNN with every merge mode',
      doc: wiredGraph(
        [7, 3],
        [
          ['b1', 'Bidirectional', { layer: 'LSTM', units: 4, returnSequences: true, mergeMode: 'concat' }],
          ['b2', 'Bidirectional', { layer: 'GRU', units: 3, returnSequences: true, mergeMode: 'mul' }],
          ['f2', 'Flatten', {}],
          ['b3', 'Bidirectional', { layer: 'SimpleRNN', units: 4, activation: 'relu', mergeMode: 'ave' }],
          [
            'b4',
            'Bidirectional',
            { layer: 'LSTM', units: 3, recurrentActivation: 'sigmoid', mergeMode: 'sum', useBias: false },
          ],
          ['b5', 'Bidirectional', { layer: 'GRU', units: 2, mergeMode: 'concat' }],
          ['cat', 'Concatenate', {}],
          ['out', 'Dense', { units: 3, activation: 'softmax' }],
        ],
        [
          ['in', 'b1'],
          ['b1', 'b2'],
          ['b2', 'f2'],
          ['in', 'b3'],
          ['in', 'b4'],
          ['b1', 'b5'],
          ['f2', 'cat', 'in0'],
          ['b3', 'cat', 'in1'],
          ['b4', 'cat', 'in2'],
          ['b5', 'cat', 'in3'],
          ['cat', 'out'],
        ],
        'csv',
      ),
      shape: [7, 3],
      data: 'random',
    },
  ];
}
