import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../document/types';
import { createHistory, execute, undo } from './history';
import { applyCommand } from './registry';
import { chainDoc } from './testDocs';

const imported = (nodes: string[] = ['flat', 'dense1']): GraphDocument => ({
  ...chainDoc(),
  weights: { manifest: 'p.weights/weights.json', nodes },
});

describe('commands keep carried weights to the nodes that own them', () => {
  it('deleting a node drops it from weights.nodes and undo restores it', () => {
    const h = execute(createHistory(imported()), 'deleteNodes', { nodeIds: ['dense1'] });
    expect(h.history.doc.weights?.nodes).toEqual(['flat']);
    expect(undo(h.history).doc.weights?.nodes).toEqual(['flat', 'dense1']);
  });

  it('a node added later under a deleted id starts fresh', () => {
    let doc = applyCommand(imported(), 'deleteNodes', { nodeIds: ['dense1'] }).doc;
    doc = applyCommand(doc, 'addNode', { type: 'Dense', params: { units: 8 } }).doc;
    expect(doc.nodes.some((n) => n.id === 'dense1')).toBe(true);
    expect(doc.weights?.nodes).toEqual(['flat']);
  });

  it('an added node whose id a stale weights list still names is taken off that list', () => {
    const stale = imported(['flat', 'dense2']);
    const { doc, result } = applyCommand(stale, 'addNode', { type: 'Dense', id: 'dense2' });
    expect(result).toBe('dense2');
    expect(doc.weights?.nodes).toEqual(['flat']);
  });

  it('duplicates and pastes start fresh while the originals keep their weights', () => {
    const { doc, result } = applyCommand(imported(), 'duplicateNodes', { nodeIds: ['dense1'] });
    expect(result.nodeIds).toEqual(['dense2']);
    expect(doc.weights?.nodes).toEqual(['flat', 'dense1']);
  });

  it('deleting a node without carried weights leaves the weights reference untouched', () => {
    const before = imported(['flat']);
    const { doc } = applyCommand(before, 'deleteNodes', { nodeIds: ['dense1'] });
    expect(doc.weights).toBe(before.weights);
    expect(applyCommand(chainDoc(), 'deleteNodes', { nodeIds: ['dense1'] }).doc.weights).toBeUndefined();
  });
});
