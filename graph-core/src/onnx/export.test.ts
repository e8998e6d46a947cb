import { describe, expect, it } from 'vitest';
import { chainGraph, type LayerSpec } from '../compile/testGraphs';
import type { NamedWeight } from '../weights/named';
import { UnsupportedExportError } from '../weights/unsupported';
import { buildOnnxModel, exportOnnx } from './export';
import { decodeModel } from './proto';

const w = (name: string, shape: number[]): NamedWeight => ({
  name,
  shape,
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => (i % 7) / 10 - 0.3),
});

const mnist = (layers: LayerSpec[]) => chainGraph({ dataset: { source: 'mnist' }, layers });

const cnn = mnist([
  ['Conv2D', { filters: 4, kernelSize: [3, 3], activation: 'relu' }, 'c1'],
  ['BatchNormalization', {}, 'bn'],
  ['MaxPooling2D', {}, 'p1'],
  ['Flatten', {}, 'f'],
  ['Dense', { units: 10, activation: 'softmax' }, 'out'],
]);
const cnnWeights = [
  w('c1/kernel', [3, 3, 1, 4]),
  w('c1/bias', [4]),
  w('bn/gamma', [4]),
  w('bn/beta', [4]),
  w('bn/moving_mean', [4]),
  w('bn/moving_variance', [4]),
  w('out/kernel', [13 * 13 * 4, 10]),
  w('out/bias', [10]),
];

function thrown(f: () => unknown): UnsupportedExportError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(UnsupportedExportError);
    return err as UnsupportedExportError;
  }
  throw new Error('expected an UnsupportedExportError');
}

describe('exportOnnx', () => {
  it('writes opset 13 / IR 8 with node names and initializers from node ids, channels-last input and output', () => {
    const model = decodeModel(exportOnnx(cnn, cnnWeights));
    expect([model.irVersion, model.opsetImport]).toEqual([8, [{ domain: '', version: 13 }]]);
    const g = model.graph;
    expect(
      g.input.map((v) => [v.name, v.type?.tensorType?.shape?.dim.map((d) => d.dimValue ?? d.dimParam)]),
    ).toEqual([['in', ['N', 28, 28, 1]]]);
    expect(
      g.output.map((v) => [v.name, v.type?.tensorType?.shape?.dim.map((d) => d.dimValue ?? d.dimParam)]),
    ).toEqual([['out', ['N', 10]]]);
    expect(g.node.map((n) => n.name)).toEqual(expect.arrayContaining(['c1', 'bn', 'p1', 'f', 'out']));
    expect(g.initializer.map((t) => t.name)).toEqual(
      expect.arrayContaining(['c1/kernel', 'bn/moving_variance', 'out/kernel']),
    );
    expect(g.initializer.find((t) => t.name === 'c1/kernel')?.dims).toEqual([4, 1, 3, 3]);
  });

  it('keeps a conv → batch norm → pool chain channels first: one Transpose in, one out', () => {
    const ops = buildOnnxModel(cnn, cnnWeights).graph.node.map((n) => n.opType);
    expect(ops).toEqual([
      'Transpose',
      'Conv',
      'Relu',
      'BatchNormalization',
      'MaxPool',
      'Transpose',
      'Flatten',
      'Gemm',
      'Softmax',
      'Identity',
    ]);
  });

  it('folds a run’s Normalize statistics in front of the model when given', () => {
    const normalizer = { offset: [0.1], scale: [0.3], groupOf: new Int32Array(784) };
    const g = buildOnnxModel(cnn, cnnWeights, { normalizer }).graph;
    expect(g.node.slice(0, 2).map((n) => [n.opType, n.input[0]])).toEqual([
      ['Sub', 'in'],
      ['Div', 'normalize/Sub'],
    ]);
  });

  it('names the node and field when an RNN activation has no ONNX counterpart', () => {
    const doc = mnist([
      ['Reshape', { targetShape: [28, 28] }, 'rows'],
      ['LSTM', { units: 4, activation: 'selu' }, 'lstm'],
      ['Dense', { units: 10, activation: 'softmax' }, 'out'],
    ]);
    const err = thrown(() => exportOnnx(doc, []));
    expect([err.nodeId, err.field]).toEqual(['lstm', 'activation']);
    expect(err.message).toMatch(/LSTM "lstm": ONNX LSTM cannot apply selu; choose tanh/);
    expect(err.format).toBe('onnx');
  });

  it('names the node and field for a batch norm over an axis ONNX cannot normalise', () => {
    const doc = mnist([
      ['BatchNormalization', { axis: 2 }, 'bn'],
      ['Flatten', {}, 'f'],
      ['Dense', { units: 10, activation: 'softmax' }, 'out'],
    ]);
    const err = thrown(() => exportOnnx(doc, []));
    expect([err.nodeId, err.field]).toEqual(['bn', 'axis']);
    expect(err.fix).toBe('use axis -1 (channels) or 1');
  });

  it('names the missing weight', () => {
    const err = thrown(() =>
      exportOnnx(
        cnn,
        cnnWeights.filter((x) => x.name !== 'out/bias'),
      ),
    );
    expect([err.nodeId, err.field]).toEqual(['out', 'bias']);
    expect(err.message).toContain('weight "out/bias" is missing');
  });

  it('refuses a graph with errors, naming the node', () => {
    const doc = mnist([['Dense', { units: 0 }, 'bad']]);
    const err = thrown(() => exportOnnx(doc, []));
    expect(err.nodeId).toBe('bad');
    expect(err.message).toMatch(/^the graph has errors: .*; fix them before exporting$/);
  });
});
