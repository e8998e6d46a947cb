// Test-only: graphs written as data for the analysis ⇔ tfjs agreement tests. Nothing in the app imports this.
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { compileGraph } from './index';
import type { JsonValue } from '../document/types';
import { analyzeGraph } from '../analysis/analyze';
import { graph, type NodeSpec } from '../analysis/test-graphs';
import type { AnalysisContext } from '../analysis/types';

export type Body = [id: string, ...spec: NodeSpec][];

/** Dataset (csv, facts given) → Input → body in sequence → Loss → Optimizer. */
export function chain(featureShape: number[], body: Body, loss = 'categoricalCrossentropy', numClasses = 3) {
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

export const softmax = (units = 3): [string, ...NodeSpec] => [
  'out',
  'Dense',
  { units, activation: 'softmax' },
];
export const flat: [string, ...NodeSpec] = ['flat', 'Flatten'];
export const P = (p: Record<string, JsonValue>) => p;

export function merged(
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

/**
 * Analysis calls the graph valid, tfjs builds it, a forward pass has the announced shape, and the
 * parameter counts agree with tfjs countParams(): in total and per layer, trainable and not.
 */
export function expectCompilesAsAnalysed(
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
    const size = (ws: { shape: (number | null)[] }[]) =>
      ws.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
    for (const layer of model.layers.slice(1)) {
      expect(analysis.nodes[layer.name]?.params ?? 0, layer.name).toBe(layer.countParams());
      expect(analysis.nodes[layer.name]?.nonTrainableParams ?? 0, layer.name).toBe(
        size(layer.nonTrainableWeights),
      );
    }
    expect(analysis.nonTrainableParams).toBe(size(model.nonTrainableWeights));
    tf.dispose([x, y]);
  } finally {
    model.dispose();
  }
}
