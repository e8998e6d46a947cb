import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../analysis/analyze';
import { resolveParams } from '../catalogue/index';
import { chainGraph, residualGraph, type LayerSpec } from '../compile/testGraphs';
import type { GraphDocument } from '../document/types';
import type { NamedWeight } from '../weights/named';
import { exportOnnx } from './export';
import { importOnnx } from './import';
import type { OnnxNode } from './proto';
import type { AttrValue } from './builder';
import { encodeModel, floatTensor, OnnxError } from './proto';
import { onnxModel, onnxOp } from './testkit';

const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const fill = (name: string, shape: number[]): NamedWeight => ({
  name,
  shape,
  data: Float32Array.from({ length: count(shape) }, (_, i) => Math.sin(i * 1.7 + name.length)),
});

/** Weights of the right shapes for every layer, named as tfjs names them. */
function weightsFor(doc: GraphDocument): NamedWeight[] {
  const a = analyzeGraph(doc);
  const out: NamedWeight[] = [];
  for (const id of a.modelOrder) {
    const node = doc.nodes.find((n) => n.id === id)!;
    const p = resolveParams(node);
    const src = doc.edges.find((e) => e.target === id)?.source ?? '';
    const inShape = (a.nodes[src]?.outputShape ?? []).slice(1) as number[];
    const last = inShape[inShape.length - 1]!;
    const u = p['units'] as number;
    if (node.type === 'Dense') out.push(fill(`${id}/kernel`, [last, u]), fill(`${id}/bias`, [u]));
    if (node.type === 'Conv2D') {
      const k = p['kernelSize'] as number[];
      out.push(
        fill(`${id}/kernel`, [...k, last, p['filters'] as number]),
        fill(`${id}/bias`, [p['filters'] as number]),
      );
    }
    if (node.type === 'BatchNormalization')
      for (const w of ['gamma', 'beta', 'moving_mean', 'moving_variance'])
        out.push(fill(`${id}/${w}`, [last]));
    if (node.type === 'LSTM' || node.type === 'GRU') {
      const g = (node.type === 'LSTM' ? 4 : 3) * u;
      out.push(
        fill(`${id}/kernel`, [last, g]),
        fill(`${id}/recurrent_kernel`, [u, g]),
        fill(`${id}/bias`, [g]),
      );
    }
    if (node.type === 'Embedding')
      out.push(fill(`${id}/embeddings`, [p['inputDim'] as number, p['outputDim'] as number]));
  }
  return out;
}

/** What a round trip must keep: kinds, resolved params and wiring of the model's layers. */
function shapeOf(doc: GraphDocument) {
  const a = analyzeGraph(doc);
  const layers = a.modelOrder.map((id) => doc.nodes.find((n) => n.id === id)!);
  return {
    layers: layers.map((n) => [n.id, n.type, n.type === 'Input' ? {} : resolveParams(n)]),
    wires: doc.edges
      .filter((e) => a.modelOrder.includes(e.target))
      .map((e) => `${e.source} → ${e.target} ${e.targetHandle ?? ''}`)
      .sort(),
    params: a.totalParams,
  };
}

const mnist = (layers: LayerSpec[]) => chainGraph({ dataset: { source: 'mnist' }, layers });
const roundTrips: [string, GraphDocument][] = [
  [
    'a CNN with batch norm, pools, flatten and a softmax head',
    mnist([
      ['Conv2D', { filters: 4, kernelSize: [3, 3], activation: 'relu', padding: 'same' }, 'c1'],
      ['BatchNormalization', {}, 'bn'],
      ['MaxPooling2D', {}, 'p1'],
      ['Conv2D', { filters: 3, kernelSize: [3, 3], strides: [2, 2] }, 'c2'],
      ['Flatten', {}, 'f'],
      ['Dropout', { rate: 0.25 }, 'drop'],
      ['Dense', { units: 10, activation: 'softmax' }, 'out'],
    ]),
  ],
  [
    'an LSTM and a GRU over rows',
    mnist([
      ['Reshape', { targetShape: [28, 28] }, 'rows'],
      ['LSTM', { units: 5, returnSequences: true }, 'lstm'],
      ['GRU', { units: 4, recurrentActivation: 'sigmoid' }, 'gru'],
      ['Dense', { units: 10, activation: 'softmax' }, 'out'],
    ]),
  ],
  ['a residual Add', residualGraph('Add')],
  ['a Concatenate', residualGraph('Concatenate')],
  [
    'an Embedding',
    chainGraph({
      inputShape: [4],
      layers: [
        ['Embedding', { inputDim: 20, outputDim: 6 }, 'emb'],
        ['Flatten', {}, 'f'],
        ['Dense', { units: 3, activation: 'softmax' }, 'out'],
      ],
    }),
  ],
];

describe('importOnnx', () => {
  for (const [what, doc] of roundTrips) {
    it(`gives back the same graph and weights for ${what} (export → import)`, () => {
      const weights = weightsFor(doc);
      const dataset = doc.nodes.find((n) => n.type === 'Dataset')!.params;
      const back = importOnnx(exportOnnx(doc, weights), { dataset });
      expect(back.warnings).toEqual([]);
      expect(shapeOf(back.document)).toEqual(shapeOf(doc));
      const byName = new Map(back.weights.map((w) => [w.name, w]));
      for (const w of weights) {
        const got = byName.get(w.name);
        expect(got?.shape, w.name).toEqual(w.shape);
        const diff = Math.max(...Array.from(w.data, (v, i) => Math.abs(v - got!.data[i]!)));
        expect(diff, w.name).toBeLessThan(1e-6);
      }
      expect(analyzeGraph(back.document).valid).toBe(true);
    });
  }
});

const model = (nodes: OnnxNode[]) => onnxModel(nodes);
const op = (opType: string, name: string, input: string[], output: string[], attrs = {}) =>
  onnxOp(opType, name, input, output, attrs);

describe('importOnnx: bad files get one clear message, unknown ops a placeholder', () => {
  const message = (bytes: Uint8Array, options = {}) => {
    try {
      importOnnx(bytes, options);
    } catch (err) {
      expect(err).toBeInstanceOf(OnnxError);
      return (err as Error).message;
    }
    throw new Error('expected an OnnxError');
  };

  it('a truncated protobuf', () => {
    const bytes = exportOnnx(roundTrips[0]![1], weightsFor(roundTrips[0]![1]));
    expect(message(bytes.subarray(0, bytes.length - 7))).toMatch(/^Not a (readable|complete) ONNX model/);
  });

  it('a cyclic graph', () => {
    const bytes = encodeModel(
      model([
        op('Relu', 'a', ['x', 'c'], ['b']),
        op('Add', 'loop', ['b', 'x'], ['c']),
        op('Relu', 'out', ['c'], ['y']),
      ]),
    );
    expect(message(bytes)).toMatch(/^The ONNX graph has a cycle through node '(a|loop)'\.$/);
  });

  it('a 10,000-node model', () => {
    const nodes = Array.from({ length: 10_000 }, (_, i) =>
      op('Relu', `r${i}`, [i ? `v${i - 1}` : 'x'], [i === 9999 ? 'y' : `v${i}`]),
    );
    expect(message(encodeModel(model(nodes)))).toBe(
      'The ONNX model has 10000 nodes; Layerloom imports models of up to 5000.',
    );
  });

  it('an unknown op becomes a placeholder node whose error names the op and the node', () => {
    const lrn = op('LRN', 'lrn1', ['x'], ['y'], { size: 3 });
    const { document } = importOnnx(encodeModel(model([lrn])));
    const placeholder = document.nodes.find((n) => n.type === 'Unsupported');
    expect(placeholder).toBeDefined();
    const errors = analyzeGraph(document).diagnostics.filter(
      (d) => d.severity === 'error' && d.nodeId === placeholder!.id,
    );
    expect(errors.map((d) => d.message).join('\n')).toContain(
      "ONNX op LRN at node 'lrn1' is not supported: Layerloom has no layer for it",
    );
  });

  it.each([
    [
      'Conv',
      { dilations: [2, 2] },
      "ONNX op Conv at node 'c' is not supported: attribute dilations = [2, 2]: dilated convolution",
    ],
    [
      'Conv',
      { group: 2 },
      "ONNX op Conv at node 'c' is not supported: attribute group = 2: grouped convolution",
    ],
    [
      'ConvTranspose',
      { group: 2 },
      "ONNX op ConvTranspose at node 'c' is not supported: attribute group = 2",
    ],
    [
      'ConvTranspose',
      { dilations: [2, 2] },
      "ONNX op ConvTranspose at node 'c' is not supported: attribute dilations = [2, 2]",
    ],
    [
      'ConvTranspose',
      { pads: [0, 0, 0, 0], output_padding: [3, 0], strides: [2, 2] },
      'attributes pads = [0, 0, 0, 0] and output_padding = [3, 0]',
    ],
    ['Resize', { mode: 'cubic' }, "ONNX op Resize at node 'c' is not supported: attribute mode = cubic"],
    ['Resize', { mode: 'linear' }, 'attribute coordinate_transformation_mode = half_pixel'],
    [
      'Resize',
      { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'round_prefer_floor' },
      'attributes coordinate_transformation_mode = asymmetric, nearest_mode = round_prefer_floor',
    ],
  ] as [string, Record<string, AttrValue>, string][])(
    'names the node, op and attribute: %s %j',
    (opType, attrs, message) => {
      const w = floatTensor('w', [4, 4, 2, 2], new Float32Array(64).fill(0.1));
      const scales = floatTensor('scales', [4], Float32Array.of(1, 1, 2, 2));
      const inputs = opType === 'Resize' ? ['x', '', 'scales'] : ['x', 'w'];
      const conv = onnxOp(opType, 'c', inputs, ['y'], attrs);
      const bytes = encodeModel(
        onnxModel([conv], { input: [4, 5, 5], output: [4, 10, 10], initializer: [w, scales] }),
      );
      const { warnings, document } = importOnnx(bytes);
      expect(warnings[0]).toContain(message);
      expect(document.nodes.find((n) => n.type === 'Unsupported')?.params['message']).toBe(warnings[0]);
    },
  );

  it('a file over the size limit', () => {
    expect(message(new Uint8Array(100), { maxBytes: 10 })).toBe(
      'The ONNX file is 100 bytes; Layerloom imports files up to 10 bytes.',
    );
  });
});
