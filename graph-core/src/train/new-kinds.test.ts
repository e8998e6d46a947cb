import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../compile/index';
import { chainGraph, type LayerSpec } from '../compile/testGraphs';
import { loadDataForGraph, type DataIO } from '../data/pipeline';
import { trainModel } from './loop';

const noFiles: DataIO = {
  readAsset: () => Promise.reject(new Error('no assets in this test')),
  readFile: () => Promise.reject(new Error('no files in this test')),
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const head: LayerSpec = ['Dense', { units: 3, activation: 'softmax' }, 'head'];

// Iris's four features reshaped into a tiny image / sequence, so every kind the imports need
// takes one real training step (one batch of all training samples).
const CHAINS: [string, LayerSpec[]][] = [
  [
    'image kinds',
    [
      ['Reshape', { targetShape: [2, 2, 1] }, 'r'],
      [
        'ZeroPadding2D',
        {
          padding: [
            [0, 1],
            [1, 0],
          ],
        },
        'zp',
      ],
      ['DepthwiseConv2D', { kernelSize: 2, depthMultiplier: 2, activation: 'relu6' }, 'dw'],
      ['SeparableConv2D', { filters: 3, kernelSize: 2, padding: 'same' }, 'sc'],
      ['Conv2DTranspose', { filters: 2, kernelSize: 2, strides: 2 }, 'ct'],
      ['UpSampling2D', { interpolation: 'bilinear' }, 'up'],
      ['Cropping2D', { cropping: 1 }, 'cr'],
      ['GlobalMaxPooling2D', {}, 'gm'],
      head,
    ],
  ],
  [
    'sequence kinds',
    [
      ['Reshape', { targetShape: [4, 1] }, 'r'],
      ['Bidirectional', { units: 3, returnSequences: true }, 'bl'],
      ['LayerNormalization', {}, 'ln'],
      ['Permute', { dims: [2, 1] }, 'p'],
      ['GlobalMaxPooling1D', {}, 'gm'],
      ['RepeatVector', { n: 2 }, 'rv'],
      ['Bidirectional', { layer: 'GRU', units: 3, mergeMode: 'ave' }, 'bg'],
      head,
    ],
  ],
];

describe('the layers the imports need train', () => {
  it.each(CHAINS)('compiles the %s and moves every layer with weights in one step', async (_name, layers) => {
    const doc = chainGraph({
      dataset: { source: 'iris' },
      layers,
      optimizer: { learningRate: 0.01, batchSize: 1000, epochs: 1 },
    });
    const data = await loadDataForGraph(doc, noFiles);
    const { model, ...rest } = compileGraph(doc, { featureShape: data.featureShape, task: data.task });
    const before = model.layers.map((l) => l.getWeights().map((w) => Array.from(w.dataSync())));
    const result = await trainModel({ compiled: { model, ...rest }, data });
    expect(result.summary.status).toBe('completed');
    expect(Number.isFinite(result.history[0]?.loss)).toBe(true);
    model.layers.forEach((layer, i) => {
      const after = layer.getWeights().map((w) => Array.from(w.dataSync()));
      if (after.length === 0) return;
      expect(after, `${layer.name} should have moved`).not.toEqual(before[i]);
    });
    model.dispose();
  });

  it('starts the backward half of a Bidirectional from its own weights, the same for the same seed', () => {
    const weights = (seed: number) => {
      const { model } = compileGraph(
        chainGraph({
          inputShape: [4, 2],
          layers: [['Bidirectional', { units: 2 }, 'bi'], head],
          optimizer: { seed },
        }),
      );
      const ws = model
        .getLayer('bi')
        .getWeights()
        .map((w) => Array.from(w.dataSync()));
      model.dispose();
      return ws;
    };
    const ws = weights(3);
    expect(ws).toHaveLength(6); // kernel, recurrent kernel, bias for each direction
    expect(ws[3]).not.toEqual(ws[0]);
    expect(ws[4]).not.toEqual(ws[1]);
    expect(weights(3)).toEqual(ws);
  });

  it('clips at 6 with relu6, in an Activation node and as a layer activation', () => {
    const x = tf.tensor2d([[-2, 3, 50]]);
    const predict = (layers: LayerSpec[], set?: (m: ReturnType<typeof compileGraph>['model']) => void) => {
      const { model } = compileGraph(chainGraph({ inputShape: [3], layers }));
      set?.(model);
      const y = Array.from((model.predict(x) as tf.Tensor).dataSync());
      model.dispose();
      return y;
    };
    expect(predict([['Activation', { activation: 'relu6' }, 'a']])).toEqual([0, 3, 6]);
    const dense: LayerSpec = ['Dense', { units: 3, activation: 'relu6' }, 'd'];
    expect(predict([dense], (m) => m.getLayer('d').setWeights([tf.eye(3).mul(10), tf.zeros([3])]))).toEqual([
      0, 6, 6,
    ]);
    x.dispose();
  });
});
