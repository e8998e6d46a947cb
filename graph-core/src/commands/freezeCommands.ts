import { isFreezable } from '../catalogue';
import { defineCommand, findNode } from './command';

/**
 * Transfer learning's usual step: freezes every layer with weights upstream of `nodeId` (what
 * feeds it, directly or not), leaving the node itself and everything after it trainable. One undo
 * step. Returns the ids it froze.
 */
export const freezeAbove = defineCommand<{ nodeId: string }, string[]>({
  name: 'freezeAbove',
  label: 'Freeze everything above this node',
  history: true,
  perform(draft, { nodeId }) {
    findNode(draft, 'freezeAbove', nodeId);
    const feeders = new Map<string, string[]>();
    for (const e of draft.edges) feeders.set(e.target, [...(feeders.get(e.target) ?? []), e.source]);
    const seen = new Set<string>([nodeId]);
    const stack = [...(feeders.get(nodeId) ?? [])];
    const frozen: string[] = [];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(feeders.get(id) ?? []));
      const node = draft.nodes.find((n) => n.id === id);
      if (node && isFreezable(node.type) && node.params['trainable'] !== false) {
        node.params['trainable'] = false;
        frozen.push(id);
      }
    }
    return frozen;
  },
});
