import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeGraph } from '../analysis/index';
import { compileGraph, CompileError } from './index';
import { chainGraph, residualGraph, type LayerSpec } from './testGraphs';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const head: LayerSpec[] = [['Dense', { units: 3, activation: 'softmax' }]];
const flatHead: LayerSpec[] = [['Flatten'], ...head];

/** Parameter counts by the Keras formulas, one small graph per layer kind. */
const cases: { kind: string; inputShape: number[]; layers: LayerSpec[]; params: number }[] = [
  {
    kind: 'Dense',
    inputShape: [4],
    layers: [['Dense', { units: 5 }], ...head],
    params: 4 * 5 + 5 + (5 * 3 + 3),
  },
  {
    kind: 'Dense without bias',
    inputShape: [4],
    layers: [['Dense', { units: 5, useBias: false }], ...head],
    params: 20 + 18,
  },
  {
    kind: 'Conv1D',
    inputShape: [10, 2],
    layers: [['Conv1D', { filters: 4, kernelSize: [3] }], ...flatHead],
    params: 3 * 2 * 4 + 4 + (8 * 4 * 3 + 3),
  },
  {
    kind: 'Conv2D',
    inputShape: [6, 6, 1],
    layers: [['Conv2D', { filters: 2, kernelSize: [3, 3] }], ...flatHead],
    params: 9 * 2 + 2 + (16 * 2 * 3 + 3),
  },
  {
    kind: 'MaxPooling2D',
    inputShape: [4, 4, 2],
    layers: [['MaxPooling2D', { poolSize: [2, 2] }], ...flatHead],
    params: 8 * 3 + 3,
  },
  {
    kind: 'AveragePooling2D',
    inputShape: [4, 4, 2],
    layers: [['AveragePooling2D', { poolSize: [2, 2], strides: [1, 1] }], ...flatHead],
    params: 18 * 3 + 3,
  },
  {
    kind: 'GlobalAveragePooling2D',
    inputShape: [4, 4, 2],
    layers: [['GlobalAveragePooling2D'], ['Dense', { units: 3, activation: 'softmax' }]],
    params: 9,
  },
  {
    kind: 'Reshape',
    inputShape: [4],
    layers: [['Reshape', { targetShape: [2, 2] }], ...flatHead],
    params: 15,
  },
  { kind: 'Dropout', inputShape: [4], layers: [['Dropout', { rate: 0.5 }], ...head], params: 15 },
  {
    kind: 'BatchNormalization',
    inputShape: [4],
    layers: [['BatchNormalization'], ...head],
    params: 4 * 4 + 15,
  },
  {
    kind: 'SimpleRNN',
    inputShape: [5, 2],
    layers: [['SimpleRNN', { units: 3 }], ...head],
    params: 3 * (2 + 3 + 1) + 12,
  },
  {
    kind: 'LSTM',
    inputShape: [5, 2],
    layers: [['LSTM', { units: 3 }], ...head],
    params: 4 * 3 * (2 + 3 + 1) + 12,
  },
  {
    kind: 'GRU',
    inputShape: [5, 2],
    layers: [['GRU', { units: 3 }], ...head],
    params: 3 * 3 * (2 + 3 + 1) + 12,
  },
  {
    kind: 'Embedding',
    inputShape: [4],
    layers: [['Embedding', { inputDim: 10, outputDim: 2 }], ...flatHead],
    params: 20 + (8 * 3 + 3),
  },
  {
    kind: 'Activation',
    inputShape: [4],
    layers: [['Activation', { activation: 'tanh' }], ...head],
    params: 15,
  },
  { kind: 'LeakyReLU', inputShape: [4], layers: [['LeakyReLU'], ...head], params: 15 },
  { kind: 'ELU', inputShape: [4], layers: [['ELU'], ...head], params: 15 },
  { kind: 'PReLU', inputShape: [4], layers: [['PReLU'], ...head], params: 4 + 15 },
  { kind: 'Softmax', inputShape: [4], layers: [['Dense', { units: 3 }], ['Softmax']], params: 15 },
];

describe('compileGraph', () => {
  it.each(cases)(
    'counts the Keras parameters of a $kind graph, as analysis does',
    ({ inputShape, layers, params }) => {
      // A csv Dataset whose facts match the Input, so analysis sees a consistent graph for any shape.
      const doc = chainGraph({ inputShape, layers, dataset: { source: 'csv' } });
      const { model } = compileGraph(doc);
      expect(model.countParams()).toBe(params);
      const analysis = analyzeGraph(doc, {
        datasetInfo: () => ({ featureShape: inputShape, numClasses: 3, task: 'classification' }),
      });
      expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(analysis.totalParams).toBe(model.countParams());
      for (const layer of model.layers.slice(1))
        expect(analysis.nodes[layer.name]?.params, layer.name).toBe(layer.countParams());
      model.dispose();
    },
  );

  it.each(['Add', 'Multiply', 'Average', 'Concatenate'] as const)(
    'wires %s with inputs in targetHandle order',
    (merge) => {
      const { model } = compileGraph(residualGraph(merge));
      const mergeLayer = model.getLayer('m');
      const inbound = mergeLayer.inboundNodes[0]!.inboundLayers.map((l) => l.name);
      expect(inbound).toEqual(['a', 'b']);
      const concatUnits = merge === 'Concatenate' ? 16 : 8;
      expect(model.countParams()).toBe(4 * 8 + 8 + (8 * 8 + 8) + (concatUnits * 3 + 3));
      expect(analyzeGraph(residualGraph(merge)).totalParams).toBe(model.countParams());
      model.dispose();
    },
  );

  it('names layers after node ids', () => {
    const { model } = compileGraph(
      chainGraph({
        inputShape: [4],
        layers: [
          ['Dense', { units: 5 }, 'hidden'],
          ['Dense', { units: 3 }, 'out'],
        ],
      }),
    );
    expect(model.layers.map((l) => l.name)).toEqual(['in', 'hidden', 'out']);
    model.dispose();
  });

  it('starts from the same weights for the same seed and from others for another seed', () => {
    const weights = (seed: number) => {
      const { model } = compileGraph(
        chainGraph({
          inputShape: [5, 2],
          layers: [['LSTM', { units: 2, returnSequences: true }], ['Conv1D', { filters: 2 }], ...flatHead],
          optimizer: { seed },
        }),
      );
      const values = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return values;
    };
    expect(weights(1)).toEqual(weights(1));
    expect(weights(1)).not.toEqual(weights(2));
  });

  it.each([
    // Standard deviations by the formulas: fan in 400, fan out 100.
    ['glorotUniform', Math.sqrt(2 / 500)],
    ['glorotNormal', Math.sqrt(2 / 500)],
    ['heUniform', Math.sqrt(2 / 400)],
    ['heNormal', Math.sqrt(2 / 400)],
    ['lecunNormal', Math.sqrt(1 / 400)],
    ['randomNormal', 0.05],
  ])('starts a Dense kernel with %s at its scale', (kernelInitializer, std) => {
    const { model } = compileGraph(
      chainGraph({ inputShape: [400], layers: [['Dense', { units: 100, kernelInitializer }, 'd'], ...head] }),
    );
    const kernel = Array.from(model.getLayer('d').getWeights()[0]!.dataSync());
    const measured = Math.sqrt(kernel.reduce((a, v) => a + v * v, 0) / kernel.length);
    model.dispose();
    // tfjs draws the normal ones from a truncated normal, which narrows them by up to ~12%.
    expect(measured).toBeGreaterThan(std * 0.85);
    expect(measured).toBeLessThan(std * 1.05);
  });

  it('names an unknown kernelInitializer at its node and field', () => {
    expect(() =>
      compileGraph(
        chainGraph({ inputShape: [4], layers: [['Dense', { units: 3, kernelInitializer: 'ones' }, 'd']] }),
      ),
    ).toThrow(/"d": kernelInitializer must be one of glorotUniform/);
  });

  it.each([
    ['categoricalCrossentropy', 3, 'onehot'],
    ['sparseCategoricalCrossentropy', 3, 'index'],
    ['binaryCrossentropy', 1, 'value'],
    ['meanSquaredError', 3, 'onehot'],
  ] as const)('feeds %s with %i outputs %s labels', (loss, units, encoding) => {
    const compiled = compileGraph(
      chainGraph({
        inputShape: [4],
        layers: [['Dense', { units, activation: units === 1 ? 'sigmoid' : 'softmax' }]],
        loss,
      }),
    );
    expect(compiled.labelEncoding).toBe(encoding);
    compiled.model.dispose();
  });

  it('feeds a regression value labels whatever the loss', () => {
    const compiled = compileGraph(
      chainGraph({ inputShape: [4], layers: [['Dense', { units: 1 }]], loss: 'meanSquaredError' }),
      { task: 'regression' },
    );
    expect(compiled.labelEncoding).toBe('value');
    compiled.model.dispose();
  });

  it('takes the Input shape from the built-in dataset when none is set', () => {
    const { model } = compileGraph(chainGraph({ dataset: { source: 'mnist' }, layers: flatHead }));
    expect(model.inputs[0]!.shape).toEqual([null, 28, 28, 1]);
    model.dispose();
  });

  it.each([
    [
      'a Dense with 0 units',
      chainGraph({ inputShape: [4], layers: [['Dense', { units: 'x' }, 'bad']] }),
      'bad',
    ],
    [
      'a Conv2D fed a vector',
      chainGraph({ inputShape: [4], layers: [['Conv2D', { filters: 2 }, 'conv']] }),
      'conv',
    ],
    [
      'a learning rate of 0',
      chainGraph({ inputShape: [4], layers: head, optimizer: { learningRate: 0 } }),
      'opt',
    ],
  ])('refuses %s with a CompileError naming the node', (_what, doc, nodeId) => {
    let caught: unknown;
    try {
      compileGraph(doc);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CompileError);
    expect((caught as CompileError).nodeId).toBe(nodeId);
  });
});
