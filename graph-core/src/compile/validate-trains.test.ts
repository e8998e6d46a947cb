import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeGraph } from '../analysis/analyze';
import { pipeline, type NodeSpec } from '../analysis/test-graphs';
import { compileGraph } from './index';
import { BODY_KINDS, MERGE_KINDS, catalogueBody, catalogueGraph } from './catalogue-arbitraries';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** One hidden layer of a 1-D kind with parameters drawn partly outside their ranges. */
const layer: fc.Arbitrary<NodeSpec> = fc.oneof(
  fc
    .record({
      units: fc.integer({ min: -1, max: 8 }),
      activation: fc.constantFrom('relu', 'tanh', 'sigmoid', 'linear'),
    })
    .map((p): NodeSpec => ['Dense', p]),
  fc.double({ min: -0.5, max: 1.5, noNaN: true }).map((rate): NodeSpec => ['Dropout', { rate }]),
  fc.constant<NodeSpec>(['BatchNormalization', {}]),
  fc.constant<NodeSpec>(['LayerNormalization', {}]),
);

describe('validate ⇒ trains', () => {
  it('every small iris chain without errors compiles and trains one step; every error names a node and a field', async () => {
    const seen = { refused: 0, trained: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(layer, { minLength: 1, maxLength: 4 }), async (hidden) => {
        const body: [string, ...NodeSpec][] = hidden.map((spec, i) => [`h${i}`, ...spec]);
        body.push(['out', 'Dense', { units: 3, activation: 'softmax' }]);
        const doc = pipeline({ source: 'iris' }, body);
        const a = analyzeGraph(doc);
        const errors = a.diagnostics.filter((d) => d.severity === 'error');
        if (errors.length > 0) {
          for (const e of errors) {
            expect(e.nodeId, e.message).toBeTruthy();
            expect(e.field, e.message).toBeTruthy();
          }
          seen.refused++;
          return;
        }
        const c = compileGraph(doc, { analysis: a });
        c.model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
        const x = tf.randomNormal([4, 4], 0, 1, 'float32', 1);
        const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0], 'int32'), 3);
        const loss = await c.model.trainOnBatch(x, y);
        expect(Number.isFinite(loss as number)).toBe(true);
        seen.trained++;
        c.model.dispose();
        tf.dispose([x, y]);
      }),
      { numRuns: 40, seed: 12 },
    );
    // Both sides of the promise are exercised, not just one.
    expect(seen.refused).toBeGreaterThan(0);
    expect(seen.trained).toBeGreaterThan(0);
  }, 40_000);

  it('every random graph over the whole layer catalogue that validates compiles and trains one step', async () => {
    // Conv 1D/2D, depthwise, separable, transposed; pooling; recurrent; reshaping; padding,
    // cropping, upsampling; activations; merges of two or three inputs: from a vector, sequence or
    // image start, params drawn from each kind's spec (numbers for per-axis params included).
    const trainedKinds = new Set<string>();
    const seen = { refused: 0, trained: 0 };
    await fc.assert(
      fc.asyncProperty(catalogueBody(4), async ([start, steps]) => {
        let doc = catalogueGraph(start, steps, false);
        let a = analyzeGraph(doc);
        // The head is a Dense over classes: flatten what is not a vector yet.
        const last = a.nodes['out'] && doc.edges.find((e) => e.target === 'out')?.source;
        if ((a.nodes[last ?? '']?.outputShape?.length ?? 0) > 2) {
          doc = catalogueGraph(start, steps, true);
          a = analyzeGraph(doc);
        }
        const errors = a.diagnostics.filter((d) => d.severity === 'error');
        if (errors.length > 0) {
          for (const e of errors) {
            expect(e.nodeId, e.message).toBeTruthy();
            expect(e.field, e.message).toBeTruthy();
          }
          seen.refused++;
          return;
        }
        const c = compileGraph(doc, { analysis: a });
        c.model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
        const x = tf.randomNormal([2, 4], 0, 1, 'float32', 3);
        const y = tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3);
        try {
          const loss = await c.model.trainOnBatch(x, y);
          expect(Number.isFinite(loss as number), JSON.stringify(doc.nodes)).toBe(true);
        } finally {
          c.model.dispose();
          tf.dispose([x, y]);
        }
        for (const n of doc.nodes) trainedKinds.add(n.type);
        seen.trained++;
      }),
      { numRuns: 400, seed: 12 },
    );
    expect(seen.refused).toBeGreaterThan(0);
    expect(seen.trained).toBeGreaterThan(0);
    // Every kind was in at least one graph that trained, not only in refused ones.
    expect([...BODY_KINDS, ...MERGE_KINDS].filter((k) => !trainedKinds.has(k))).toEqual([]);
  }, 40_000);
});
