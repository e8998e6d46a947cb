import { describe, expect, it } from 'vitest';
import { analyzeGraph } from './analyze';
import { MAX_MODEL_DEPTH } from './limits';
import { estimateMemoryBytes } from './memory';
import { makeChainGraph } from './generate';

describe('makeChainGraph', () => {
  // Timing belongs in `npm run bench`; here we only prove the benchmark graphs are what they claim.
  // Past MAX_MODEL_DEPTH the only complaint is the depth tfjs cannot build (limits.ts).
  it.each([100, 1000, 10_000])('makes a graph of exactly %i nodes that analysis fully infers', (n) => {
    const doc = makeChainGraph(n);
    expect(doc.nodes).toHaveLength(n);
    const a = analyzeGraph(doc);
    if (n <= MAX_MODEL_DEPTH) expect(a.diagnostics).toEqual([]);
    else
      expect(a.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/layers deep in a chain/)]);
    expect(a.modelOrder).toHaveLength(n - 3);
    expect(Object.values(a.nodes).filter((x) => x.outputShape === null)).toHaveLength(2); // Loss and Optimizer
    expect(a.nodes.head?.outputShape).toEqual([null, 2]);
  });

  it('includes residual Add nodes wired through ordered ports', () => {
    const doc = makeChainGraph(40);
    expect(doc.nodes.some((x) => x.type === 'Add')).toBe(true);
    expect(doc.edges.filter((e) => e.targetHandle === 'in1').length).toBeGreaterThan(0);
  });
});

describe('estimateMemoryBytes', () => {
  it('counts weights, gradients and optimizer slots plus activations per batch', () => {
    const a = analyzeGraph(makeChainGraph(10));
    const activations = a.modelOrder.reduce(
      (s, id) => s + ((a.nodes[id]?.outputShape ?? []).slice(1) as number[]).reduce((x, y) => x * y, 1),
      0,
    );
    expect(estimateMemoryBytes(a, 32, 'sgd')).toBe((a.totalParams * 2 + 2 * activations * 32) * 4);
    expect(estimateMemoryBytes(a, 32, 'adam')).toBe((a.totalParams * 4 + 2 * activations * 32) * 4);
  });
});
