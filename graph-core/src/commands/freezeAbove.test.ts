import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../document/types';
import { CommandError } from './command';
import { createHistory, execute, undo } from './history';
import { applyCommand } from './registry';
import { chainDoc } from './testDocs';

/** in → c1 (Conv2D) → bn → flat → d1 → head → loss, with a side branch c2 feeding d1 too. */
function backbone(): GraphDocument {
  const base = chainDoc();
  const ids = ['in', 'c1', 'bn', 'flat', 'd1', 'head', 'loss'];
  const types = ['Input', 'Conv2D', 'BatchNormalization', 'Flatten', 'Dense', 'Dense', 'Loss'] as const;
  return {
    ...base,
    nodes: [
      ...ids.map((id, i) => ({ id, type: types[i]!, params: {} })),
      { id: 'c2', type: 'Dense', params: { trainable: false } },
    ],
    edges: [
      ...ids.slice(1).map((target, i) => ({ id: `e${i}`, source: ids[i]!, target })),
      { id: 'side', source: 'c2', target: 'd1' },
    ],
  };
}
const trainable = (doc: GraphDocument) =>
  Object.fromEntries(doc.nodes.map((n) => [n.id, n.params['trainable'] !== false]));

describe('freezeAbove', () => {
  it('freezes every layer with weights that feeds the node, and nothing at or after it', () => {
    const r = applyCommand(backbone(), 'freezeAbove', { nodeId: 'head' });
    expect(r.result.sort()).toEqual(['bn', 'c1', 'd1']);
    expect(trainable(r.doc)).toMatchObject({ c1: false, bn: false, d1: false, head: true, c2: false });
    // Kinds without weights get no trainable param.
    expect(r.doc.nodes.find((n) => n.id === 'flat')?.params).toEqual({});
  });

  it('is one undo step', () => {
    const h = execute(createHistory(backbone()), 'freezeAbove', { nodeId: 'head' });
    expect(trainable(undo(h.history).doc)).toEqual(trainable(backbone()));
  });

  it('refuses a node that is not there', () => {
    expect(() => applyCommand(backbone(), 'freezeAbove', { nodeId: 'nope' })).toThrow(CommandError);
  });
});
