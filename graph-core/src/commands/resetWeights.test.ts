import { describe, expect, it } from 'vitest';
import { CommandError } from './command';
import { createHistory, execute, undo } from './history';
import { applyCommand } from './registry';
import { chainDoc } from './testDocs';

describe('resetWeights', () => {
  const imported = () => ({
    ...chainDoc(),
    weights: { manifest: 'p.weights/weights.json', nodes: ['a', 'b'] },
  });

  it('takes a node off the imported weights and undo puts it back', () => {
    const h = execute(createHistory(imported()), 'resetWeights', { nodeIds: ['a'] });
    expect(h.history.doc.weights?.nodes).toEqual(['b']);
    expect(undo(h.history).doc.weights?.nodes).toEqual(['a', 'b']);
  });

  it('refuses a project without weights, and setDocumentField cannot touch them', () => {
    expect(() => applyCommand(chainDoc(), 'resetWeights', { nodeIds: ['a'] })).toThrow(CommandError);
    expect(() => applyCommand(imported(), 'setDocumentField', { key: 'weights', value: 1 })).toThrow(
      CommandError,
    );
  });
});
