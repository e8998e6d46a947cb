import type { GraphDocument, GraphNode, JsonValue, NodeType } from '../../../graph-core/src/document';
import { loadSample } from './testkit';

/** Test graphs for ONNX export and import, each with the input it takes. */
export interface TestGraph {
  name: string;
  doc: GraphDocument;
  /** Shape of one sample. */
  shape: number[];
  /** 'mnist' graphs train briefly on MNIST; 'ids' take integer ids below 20; others random values. */
  data: 'mnist' | 'ids' | 'random';
}

export type LayerSpec = [NodeType, Record<string, JsonValue>?];

/** Dataset → Input → layers (ids l0, l1, …) → Loss → Optimizer. */
export function chainGraph(options: {
  dataset?: Record<string, JsonValue>;
  inputShape: number[];
  layers: LayerSpec[];
}): GraphDocument {
  const ids = options.layers.map((_, i) => `l${i}`);
  const source = (options.dataset?.['source'] as string | undefined) ?? 'iris';
  return wiredGraph(
    options.inputShape,
    options.layers.map(([type, params], i) => [ids[i]!, type, params ?? {}]),
    ids.map((id, i) => [i === 0 ? 'in' : ids[i - 1]!, id]),
    source,
  );
}

/** A chain on a csv Dataset (samples of `shape`) as a TestGraph, fed random values (or ids). */
export function csvChain(
  name: string,
  shape: number[],
  layers: LayerSpec[],
  data: 'random' | 'ids' = 'random',
): TestGraph {
  const doc = chainGraph({ dataset: { source: 'csv', path: 'data.csv' }, inputShape: shape, layers });
  return { name, doc, shape, data };
}

/** A graph wired from a list of nodes and `[source, target, handle?]` wires, with Loss and Optimizer. */
export function wiredGraph(
  inputShape: number[],
  nodes: [string, NodeType, Record<string, JsonValue>][],
  wires: [string, string, string?][],
  source = 'mnist',
): GraphDocument {
  const dataset: Record<string, JsonValue> = source === 'csv' ? { source, path: 'data.csv' } : { source };
  const all: GraphNode[] = [
    { id: 'data', type: 'Dataset', params: dataset },
    { id: 'in', type: 'Input', params: { shape: inputShape } },
    ...nodes.map(([id, type, params]) => ({ id, type, params })),
    { id: 'loss', type: 'Loss', params: { loss: 'categoricalCrossentropy' } },
    {
      id: 'opt',
      type: 'Optimizer',
      params: { optimizer: 'adam', learningRate: 0.003, batchSize: 32, epochs: 1 },
    },
  ];
  const last = nodes[nodes.length - 1]![0];
  const edges = [['data', 'in'], ...wires, [last, 'loss'], ['loss', 'opt']].map(([s, t, h], i) => ({
    id: `e${i}`,
    source: s!,
    target: t!,
    ...(h ? { targetHandle: h } : {}),
  }));
  return { format: 'layerloom', version: 1, name: 'onnx test', nodes: all, edges };
}

const mnistChain = (layers: LayerSpec[]) =>
  chainGraph({ dataset: { source: 'mnist' }, inputShape: [28, 28, 1], layers });

function gruSample(): GraphDocument {
  const doc = loadSample('mnist-lstm');
  doc.nodes = doc.nodes.map((n) => (n.type === 'LSTM' ? { ...n, id: n.id, type: 'GRU' } : n));
  return doc;
}

/** The graphs issue 15 names: trained MNIST MLP and CNN, LSTM, GRU, BatchNorm conv, residual, Concatenate, Embedding. */
export function issueGraphs(): TestGraph[] {
  const m = (name: string, doc: GraphDocument): TestGraph => ({
    name,
    doc,
    shape: [28, 28, 1],
    data: 'mnist',
  });
  return [
    m('MNIST MLP sample', loadSample('mnist-mlp')),
    m('MNIST CNN sample', loadSample('mnist-cnn')),
    m('LSTM sample', loadSample('mnist-lstm')),
    m('GRU sample', gruSample()),
    m(
      'BatchNorm conv net',
      mnistChain([
        ['Conv2D', { filters: 6, kernelSize: [3, 3], padding: 'same' }],
        ['BatchNormalization', { momentum: 0.5 }],
        ['Activation', { activation: 'relu' }],
        ['MaxPooling2D', { poolSize: [2, 2] }],
        ['Conv2D', { filters: 8, kernelSize: [4, 4], strides: [2, 2], padding: 'same', activation: 'relu' }],
        ['BatchNormalization', {}],
        ['GlobalAveragePooling2D', {}],
        ['Dropout', { rate: 0.2 }],
        ['Dense', { units: 10, activation: 'softmax' }],
      ]),
    ),
    m('residual (Add) sample', loadSample('residual-mlp')),
    m(
      'Concatenate graph',
      wiredGraph(
        [28, 28, 1],
        [
          ['c1', 'Conv2D', { filters: 4, kernelSize: [3, 3], strides: [2, 2], activation: 'relu' }],
          ['c2', 'Conv2D', { filters: 3, kernelSize: [3, 3], strides: [2, 2], activation: 'tanh' }],
          ['cat', 'Concatenate', { axis: -1 }],
          ['flat', 'Flatten', {}],
          ['h', 'Dense', { units: 16, activation: 'relu' }],
          ['flat2', 'Flatten', {}],
          ['side', 'Dense', { units: 8 }],
          ['cat2', 'Concatenate', {}],
          ['out', 'Dense', { units: 10, activation: 'softmax' }],
        ],
        [
          ['in', 'c1'],
          ['in', 'c2'],
          ['c1', 'cat', 'in0'],
          ['c2', 'cat', 'in1'],
          ['cat', 'flat'],
          ['flat', 'h'],
          ['in', 'flat2'],
          ['flat2', 'side'],
          ['h', 'cat2', 'in0'],
          ['side', 'cat2', 'in1'],
          ['cat2', 'out'],
        ],
      ),
    ),
    {
      name: 'Embedding model',
      doc: chainGraph({
        inputShape: [4],
        layers: [
          ['Embedding', { inputDim: 20, outputDim: 6 }],
          ['Flatten', {}],
          ['Dense', { units: 3, activation: 'softmax' }],
        ],
      }),
      shape: [4],
      data: 'ids',
    },
  ];
}

/** Every other layer kind and activation the exporter covers, with random weights. */
export function otherKindGraphs(): TestGraph[] {
  const acts = [
    'relu6',
    'elu',
    'selu',
    'softplus',
    'softsign',
    'sigmoid',
    'hardSigmoid',
    'swish',
    'mish',
    'gelu',
    'gelu_new',
    'logSoftmax',
  ];
  const r = csvChain;
  return [
    r(
      'activations',
      [4],
      [
        ['Dense', { units: 12, activation: 'linear' }],
        ...acts.map((a): LayerSpec => ['Activation', { activation: a }]),
        ['Dense', { units: 3, activation: 'softmax' }],
      ],
    ),
    r(
      'LeakyReLU, ELU, PReLU, Softmax',
      [4],
      [
        ['Dense', { units: 6 }],
        ['LeakyReLU', { alpha: 0.1 }],
        ['Dense', { units: 6, useBias: false }],
        ['ELU', { alpha: 1 }],
        ['PReLU', {}],
        ['Dense', { units: 3 }],
        ['Softmax', {}],
      ],
    ),
    r(
      'Conv1D, SimpleRNN, returnSequences, Dense on sequences',
      [12, 3],
      [
        ['Conv1D', { filters: 5, kernelSize: [3], padding: 'same', activation: 'relu' }],
        ['SimpleRNN', { units: 4, returnSequences: true }],
        ['Dense', { units: 5, activation: 'tanh' }],
        ['LSTM', { units: 4, returnSequences: true, recurrentActivation: 'sigmoid' }],
        ['GRU', { units: 3, useBias: false }],
        ['Dense', { units: 3, activation: 'softmax' }],
      ],
    ),
    r(
      'Permute, GlobalMaxPooling2D, RepeatVector, GlobalMaxPooling1D',
      [6, 5, 2],
      [
        ['Conv2D', { filters: 3, kernelSize: [2, 2] }],
        ['Permute', { dims: [2, 1, 3] }],
        ['GlobalMaxPooling2D', {}],
        ['RepeatVector', { n: 4 }],
        ['SimpleRNN', { units: 3, returnSequences: true }],
        ['GlobalMaxPooling1D', {}],
        ['Dense', { units: 3, activation: 'softmax' }],
      ],
    ),
    r(
      'AveragePooling2D, Reshape, BatchNorm on vectors',
      [6, 6, 2],
      [
        ['AveragePooling2D', { poolSize: [3, 3], strides: [2, 2], padding: 'same' }],
        ['Reshape', { targetShape: [-1, 2] }],
        ['Flatten', {}],
        ['BatchNormalization', { center: false, scale: false, epsilon: 0.01 }],
        ['Dense', { units: 3, activation: 'softmax' }],
      ],
    ),
    {
      name: 'Multiply and Average',
      doc: wiredGraph(
        [4],
        [
          ['a', 'Dense', { units: 5, activation: 'tanh' }],
          ['b', 'Dense', { units: 5, activation: 'sigmoid' }],
          ['c', 'Dense', { units: 5 }],
          ['mul', 'Multiply', {}],
          ['avg', 'Average', {}],
          ['sum', 'Add', {}],
          ['out', 'Dense', { units: 3, activation: 'softmax' }],
        ],
        [
          ['in', 'a'],
          ['in', 'b'],
          ['in', 'c'],
          ['a', 'mul', 'in0'],
          ['b', 'mul', 'in1'],
          ['c', 'mul', 'in2'],
          ['a', 'avg', 'in0'],
          ['c', 'avg', 'in1'],
          ['mul', 'sum', 'in0'],
          ['avg', 'sum', 'in1'],
          ['a', 'sum', 'in2'],
          ['sum', 'out'],
        ],
        'csv',
      ),
      shape: [4],
      data: 'random',
    },
  ];
}
