// Analysis promises that a graph it calls valid compiles and runs in tfjs. These edge cases sit on
// the borders of each layer's rules (sizes equal to the kernel, odd sizes with strides, rank
// changes); each one must both pass analysis and build a model whose predictions have the shape
// analysis announced.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { compileGraph } from './index';
import type { JsonValue } from '../document/types';
import { analyzeGraph } from '../analysis/analyze';
import { graph, type NodeSpec } from '../analysis/test-graphs';
import type { AnalysisContext } from '../analysis/types';

type Body = [id: string, ...spec: NodeSpec][];

/** Dataset (csv, facts given) → Input → body in sequence → Loss → Optimizer. */
function chain(featureShape: number[], body: Body, loss = 'categoricalCrossentropy', numClasses = 3) {
  const nodes: Record<string, NodeSpec> = {
    data: ['Dataset', { source: 'csv', path: 'x.csv' }],
    in: ['Input'],
  };
  const wires = ['data>in'];
  let prev = 'in';
  for (const [id, ...spec] of body) {
    nodes[id] = spec;
    wires.push(`${prev}>${id}`);
    prev = id;
  }
  nodes.loss = ['Loss', { loss }];
  nodes.opt = ['Optimizer'];
  wires.push(`${prev}>loss`, 'loss>opt');
  const ctx: AnalysisContext = {
    datasetInfo: () => ({
      featureShape,
      numClasses,
      task: loss === 'meanSquaredError' ? 'regression' : 'classification',
    }),
  };
  return { doc: graph(nodes, wires), ctx, featureShape };
}

const softmax = (units = 3): [string, ...NodeSpec] => ['out', 'Dense', { units, activation: 'softmax' }];
const flat: [string, ...NodeSpec] = ['flat', 'Flatten'];
const P = (p: Record<string, JsonValue>) => p;

const VALID: [name: string, graph: ReturnType<typeof chain>][] = [
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
  ['PReLU and LeakyReLU on images', chain([2, 2, 2], [['p', 'PReLU'], ['l', 'LeakyReLU'], flat, softmax()])],
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

function merged(
  merge: 'Add' | 'Concatenate' | 'Multiply' | 'Average',
  params: Record<string, JsonValue>,
  a: NodeSpec,
  b: NodeSpec,
  tail: Body,
) {
  const nodes: Record<string, NodeSpec> = {
    data: ['Dataset', { source: 'csv', path: 'x.csv' }],
    in: ['Input'],
    a,
    b,
    m: [merge, params],
  };
  const wires = ['data>in', 'in>a', 'in>b', 'a>m:in0', 'b>m:in1'];
  let prev = 'm';
  for (const [id, ...spec] of tail) {
    nodes[id] = spec;
    wires.push(`${prev}>${id}`);
    prev = id;
  }
  nodes.loss = ['Loss', { loss: 'categoricalCrossentropy' }];
  nodes.opt = ['Optimizer'];
  wires.push(`${prev}>loss`, 'loss>opt');
  return graph(nodes, wires);
}

const IMAGE: number[] = [4, 4, 1];
const MERGES: [string, ReturnType<typeof merged>, number[]][] = [
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

function expectCompilesAsAnalysed(
  doc: ReturnType<typeof graph>,
  featureShape: number[],
  ctx: AnalysisContext,
) {
  const analysis = analyzeGraph(doc, ctx);
  expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(analysis.valid).toBe(true);
  const { model } = compileGraph(doc, { featureShape });
  try {
    // A real forward pass: some tfjs shape rules only bite when a kernel runs.
    const x = tf.zeros([2, ...featureShape]);
    const y = model.predict(x) as tf.Tensor;
    const outId = analysis.roles?.outputId ?? '';
    expect(y.shape).toEqual([2, ...(analysis.nodes[outId]?.outputShape ?? []).slice(1)]);
    expect(analysis.totalParams).toBe(model.countParams());
    tf.dispose([x, y]);
  } finally {
    model.dispose();
  }
}

describe('graphs analysis calls valid compile and run in tfjs', () => {
  it.each(VALID)('%s', (_name, { doc, ctx, featureShape }) =>
    expectCompilesAsAnalysed(doc, featureShape, ctx),
  );

  it.each(MERGES)('%s', (_name, doc, featureShape) =>
    expectCompilesAsAnalysed(doc, featureShape, {
      datasetInfo: () => ({ featureShape, numClasses: 3, task: 'classification' }),
    }),
  );
});

describe('graphs tfjs refuses are refused by analysis first', () => {
  it('flags a Flatten on already-flat data and offers to remove it', () => {
    const { doc, ctx, featureShape } = chain([4], [flat, softmax()]);
    const analysis = analyzeGraph(doc, ctx);
    const d = analysis.diagnostics.find((x) => x.nodeId === 'flat');
    expect(d).toMatchObject({
      severity: 'error',
      field: 'inputs',
      fix: { kind: 'removeNode', nodeId: 'flat' },
    });
    expect(d?.message).toMatch(/already flat: remove the Flatten/);
    // The reason it must be an error: tfjs cannot even build it.
    expect(() => compileGraph(doc, { featureShape })).toThrow(/ndim|flatten/i);
  });
});
