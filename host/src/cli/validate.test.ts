import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../../graph-core/src/document';
import { validateJson, validateTable } from './validate';

/** Iris → Dense (frozen) → Dense head, as a document. */
const doc: GraphDocument = {
  format: 'layerloom',
  version: 1,
  name: 'frozen iris',
  nodes: [
    { id: 'data', type: 'Dataset', params: { source: 'iris' } },
    { id: 'in', type: 'Input', params: {} },
    { id: 'd1', type: 'Dense', params: { units: 8, trainable: false } },
    { id: 'out', type: 'Dense', params: { units: 3, activation: 'softmax' } },
    { id: 'loss', type: 'Loss', params: {} },
    { id: 'opt', type: 'Optimizer', params: {} },
  ],
  edges: ['data>in', 'in>d1', 'd1>out', 'out>loss', 'loss>opt'].map((w, i) => {
    const [source = '', target = ''] = w.split('>');
    return { id: `e${i}`, source, target };
  }),
};

describe('validate output of a graph with a frozen layer', () => {
  it('prints trainable and non-trainable params under the total, as Keras does', () => {
    const text = validateTable(doc, 'frozen.layerloom');
    expect(text).toContain('Total params: 67\nTrainable params: 27\nNon-trainable params: 40\n');
  });

  it('puts the non-trainable count in the --json contract', () => {
    expect(validateJson(doc)).toMatchObject({ valid: true, totalParams: 67, nonTrainableParams: 40 });
  });
});
