// Analysis promises that a graph it calls valid compiles and runs in tfjs. These edge cases sit on
// the borders of each layer's rules (sizes equal to the kernel, odd sizes with strides, rank
// changes); each one must both pass analysis and build a model whose predictions have the shape
// analysis announced.
import { describe, expect, it } from 'vitest';
import { compileGraph } from './index';
import { analyzeGraph } from '../analysis/analyze';
import { chain, expectCompilesAsAnalysed, flat, softmax } from './agreement-kit';
import { MERGES, VALID } from './agreement-cases';
import { IMPORT_KINDS, IMPORT_MERGES } from './agreement-cases-imports';
import { NODE_TYPES } from '../document/types';
import { isLayerType } from '../analysis/infer';

const ALL_VALID = [...VALID, ...IMPORT_KINDS];
const ALL_MERGES = [...MERGES, ...IMPORT_MERGES];

describe('graphs analysis calls valid compile and run in tfjs', () => {
  it.each(ALL_VALID)('%s', (_name, { doc, ctx, featureShape }) =>
    expectCompilesAsAnalysed(doc, featureShape, ctx),
  );

  it.each(ALL_MERGES)('%s', (_name, doc, featureShape) =>
    expectCompilesAsAnalysed(doc, featureShape, {
      datasetInfo: () => ({ featureShape, numClasses: 3, task: 'classification' }),
    }),
  );
});

describe('the agreement cases', () => {
  it('cover every layer kind, so a new kind cannot skip the tfjs check', () => {
    const used = new Set([
      ...ALL_VALID.flatMap(([, g]) => g.doc.nodes.map((n) => n.type)),
      ...ALL_MERGES.flatMap(([, doc]) => doc.nodes.map((n) => n.type)),
    ]);
    // Unsupported (an import placeholder) never compiles; its always-an-error rule is tested with the import.
    expect(NODE_TYPES.filter((t) => isLayerType(t) && t !== 'Unsupported' && !used.has(t))).toEqual([]);
  });
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
