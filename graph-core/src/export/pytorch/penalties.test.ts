import { describe, expect, it } from 'vitest';
import { prepare } from '../../data/pipeline';
import type { Dataset } from '../../data/types';
import { chainDocument, type NodeSpec } from '../../document/testkit';
import type { GraphDocument, JsonValue } from '../../document/types';
import type { NamedWeight } from '../../weights/named';
import { buildPytorchProject, PytorchExportError } from './index';

const rows: Dataset = {
  name: 'tiny sequences',
  modality: 'tabular',
  featureShape: [3, 2],
  task: 'classification',
  numClasses: 2,
  classNames: ['a', 'b'],
  count: 10,
  x: Float32Array.from({ length: 60 }, (_, i) => (i % 5) / 5),
  y: Float32Array.from({ length: 10 }, (_, i) => i % 2),
};
const data = prepare(
  rows,
  { source: 'x', samples: 0, noise: 0, limit: null, validationSplit: 0.2, testSplit: 0.1, seed: 1 },
  'data',
);

const doc = (layers: NodeSpec[]): GraphDocument =>
  chainDocument([['data', 'Dataset'], ['in', 'Input'], ...layers, ['loss', 'Loss'], ['opt', 'Optimizer']]);
const w = (name: string, shape: number[]): NamedWeight => ({
  name,
  shape,
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i / 10),
});
const lstm = (params: Record<string, JsonValue>) =>
  doc([
    ['rnn', 'LSTM', { units: 2, activation: 'tanh', recurrentActivation: 'sigmoid', ...params }],
    ['out', 'Dense', { units: 2, activation: 'softmax', kernelL2: 0.01, biasL1: 0.002 }],
  ]);
const weights = [
  w('rnn/kernel', [2, 8]),
  w('rnn/recurrent_kernel', [2, 8]),
  w('rnn/bias', [8]),
  w('out/kernel', [2, 2]),
  w('out/bias', [2]),
];
const config = (d: GraphDocument) => {
  const files = buildPytorchProject({ document: d, weights, data });
  return JSON.parse(files.find((f) => f.path === 'config.json')!.contents as string) as {
    training: { regularizers: unknown[] };
  };
};

describe('PyTorch export of kernel and bias penalties', () => {
  it('names the torch parameter each penalty applies to in config.json', () => {
    expect(config(lstm({ kernelL1: 0.003 })).training.regularizers).toEqual([
      { node: 'rnn', field: 'kernel', weight: 'rnn.weight_ih_l0', l1: 0.003, l2: 0 },
      { node: 'out', field: 'kernel', weight: 'out.weight', l1: 0, l2: 0.01 },
      { node: 'out', field: 'bias', weight: 'out.bias', l1: 0.002, l2: 0 },
    ]);
  });

  it('penalises nn.ConvTranspose2d’s weight and bias for a Conv2DTranspose', () => {
    const d = doc([
      ['re', 'Reshape', { targetShape: [3, 2, 1] }],
      ['up', 'Conv2DTranspose', { filters: 2, kernelSize: [2, 2], kernelL2: 0.1, biasL1: 0.2 }],
      ['flat', 'Flatten'],
      ['out', 'Dense', { units: 2, activation: 'softmax' }],
    ]);
    const files = buildPytorchProject({
      document: d,
      weights: [
        w('up/kernel', [2, 2, 2, 1]),
        w('up/bias', [2]),
        w('out/kernel', [24, 2]),
        w('out/bias', [2]),
      ],
      data,
    });
    const json = JSON.parse(files.find((f) => f.path === 'config.json')!.contents as string) as {
      training: { regularizers: { weight: string }[] };
    };
    expect(json.training.regularizers.map((r) => r.weight)).toEqual(['up.weight', 'up.bias']);
  });

  it('leaves config.json without penalties when none is set', () => {
    expect(
      config(doc([['out', 'Dense', { units: 2, activation: 'softmax' }]])).training.regularizers,
    ).toEqual([]);
  });

  it('refuses a bias penalty on a native nn.LSTM, naming the node and field', () => {
    let error: unknown;
    try {
      config(lstm({ biasL2: 0.01 }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PytorchExportError);
    const e = error as PytorchExportError;
    expect([e.nodeId, e.field, e.format]).toEqual(['rnn', 'biasL2', 'pytorch']);
    expect(e.message).toMatch(
      /LSTM "rnn": biasL2 .*bias_ih and bias_hh.*set biasL1 and biasL2 to 0, or export tfjs/,
    );
  });

  it('puts the penalty into the loss train.py minimises', () => {
    const train = buildPytorchProject({ document: lstm({}), weights, data }).find(
      (f) => f.path === 'train.py',
    )!;
    expect(train.contents).toContain('.mean() + penalty(model)');
  });
});
