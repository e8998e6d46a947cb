import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph, CompileError } from './index';
import type { JsonValue } from '../document/types';
import { analyzeGraph } from '../analysis/analyze';
import { DEFAULT_MAX_ACTIVATION_BYTES, MAX_MODEL_DEPTH } from '../analysis/limits';
import { pipeline, type NodeSpec } from '../analysis/test-graphs';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Dataset(iris) → Input → n Dense layers (relu, the last softmax over 3 classes) → Loss → Optimizer. */
function denseChain(n: number) {
  const body: [string, ...NodeSpec][] = [];
  for (let i = 0; i < n; i++)
    body.push([
      `d${i}`,
      'Dense',
      i === n - 1 ? { units: 3, activation: 'softmax' } : { units: 4, activation: 'relu' },
    ]);
  return pipeline({ source: 'iris' }, body);
}

describe('deep chains', () => {
  it('a 20,000-layer chain is refused with its depth and the limit, by analysis and by compile, without a stack overflow', () => {
    const doc = denseChain(20_000);
    const a = analyzeGraph(doc);
    expect(a.valid).toBe(false);
    const deep = a.diagnostics.find((d) => d.severity === 'error' && /layers deep/.test(d.message));
    expect(deep?.message).toContain('20,000 layers deep');
    expect(deep?.message).toContain(`more than ${MAX_MODEL_DEPTH.toLocaleString('en-US')}`);
    expect(deep?.nodeId).toBe('d19999');
    expect(deep?.field).toBe('inputs');
    expect(() => compileGraph(doc)).toThrow(CompileError);
    expect(() => compileGraph(doc)).toThrow(/tfjs cannot build more than 2000/);
  }, 60_000);

  it('a chain exactly at the limit validates, compiles and trains one step', async () => {
    const doc = denseChain(MAX_MODEL_DEPTH);
    const a = analyzeGraph(doc);
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const c = compileGraph(doc, { analysis: a });
    c.model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    const x = tf.ones([2, 4]);
    const y = tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3);
    const loss = await c.model.trainOnBatch(x, y);
    expect(Number.isFinite(loss as number)).toBe(true);
  }, 120_000);
});

describe('activation memory', () => {
  const mnistConv = (filters: number, batchSize: number) => {
    const doc = pipeline({ source: 'mnist' }, [
      ['c', 'Conv2D', { filters, kernelSize: [3, 3] } as Record<string, JsonValue>],
      ['g', 'GlobalAveragePooling2D'],
      ['out', 'Dense', { units: 10, activation: 'softmax' }],
    ]);
    const opt = doc.nodes.find((n) => n.type === 'Optimizer')!;
    opt.params = { batchSize };
    return analyzeGraph(doc);
  };

  it.each([32, 64])(
    'a Conv2D with 20,000 filters on MNIST at batch %i is refused with bytes and the limit',
    (batch) => {
      const a = mnistConv(20_000, batch);
      expect(a.valid).toBe(false);
      const d = a.diagnostics.find((x) => /activations per batch/.test(x.message));
      expect(d).toMatchObject({ nodeId: 'c', field: 'filters', severity: 'error' });
      // 26×26×20,000 outputs per sample (the pooled ones are negligible), forward and gradient, float32.
      const gib = (2 * (26 * 26 * 20_000 + 20_000 + 10) * batch * 4) / 1024 ** 3;
      expect(d?.message).toContain(`about ${gib.toFixed(1)} GiB of activations per batch of ${batch}`);
      expect(d?.message).toContain('the limit of 2.0 GiB');
    },
  );

  it('a layer close to the limit gets a warning, a small one nothing', () => {
    // 26×26×8,000 × 2 × 32 × 4 bytes ≈ 1.29 GiB: under the limit, above half of it.
    const near = mnistConv(8_000, 32);
    expect(2 * 26 * 26 * 8_000 * 32 * 4).toBeGreaterThan(DEFAULT_MAX_ACTIVATION_BYTES / 2);
    expect(near.valid).toBe(true);
    expect(near.diagnostics.find((x) => /activations per batch/.test(x.message))).toMatchObject({
      severity: 'warning',
      nodeId: 'c',
    });
    const small = mnistConv(32, 32);
    expect(small.diagnostics.some((x) => /activations per batch/.test(x.message))).toBe(false);
  });

  it('the limit comes from the context when given', () => {
    const doc = denseChain(3);
    expect(
      analyzeGraph(doc, { maxActivationBytes: 64 }).diagnostics.some(
        (d) => d.severity === 'error' && /activations per batch/.test(d.message),
      ),
    ).toBe(true);
  });
});
