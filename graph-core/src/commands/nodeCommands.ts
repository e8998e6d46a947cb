import type { JsonValue, NodeType, Position } from '../document/types';
import { isNodeType } from '../document/types';
import {
  CommandError,
  cloneJson,
  defineCommand,
  findNode,
  forgetCarriedWeights,
  requireJson,
} from './command';
import { newId } from './ids';

export interface AddNodeArgs {
  type: NodeType;
  params?: Record<string, JsonValue>;
  position?: Position;
  label?: string;
  /** A chosen id; by default a fresh readable one (`dense3`). */
  id?: string;
}

export const addNode = defineCommand<AddNodeArgs, string>({
  name: 'addNode',
  label: 'Add node',
  history: true,
  perform(draft, args) {
    if (!isNodeType(args.type)) throw new CommandError('addNode', `unknown node type "${String(args.type)}"`);
    if (args.id !== undefined && (args.id === '' || draft.nodes.some((n) => n.id === args.id))) {
      throw new CommandError('addNode', `the id "${args.id}" is empty or already taken`);
    }
    const id = args.id ?? newId(draft, args.type);
    const params = requireJson('addNode', 'params', args.params ?? {}) as Record<string, JsonValue>;
    draft.nodes.push({
      id,
      type: args.type,
      params: cloneJson(params),
      ...(args.position ? { position: { x: args.position.x, y: args.position.y } } : {}),
      ...(args.label ? { label: args.label } : {}),
    });
    forgetCarriedWeights(draft, new Set([id]));
    return id;
  },
});

/**
 * Removes the nodes, every wire into or out of them, and their place in the carried weights (so a
 * later node reusing the id starts fresh). Ids that are already gone are ignored.
 */
export const deleteNodes = defineCommand<{ nodeIds: readonly string[] }>({
  name: 'deleteNodes',
  label: 'Delete nodes',
  history: true,
  perform(draft, { nodeIds }) {
    const doomed = new Set(nodeIds);
    if (!draft.nodes.some((n) => doomed.has(n.id))) return;
    draft.nodes = draft.nodes.filter((n) => !doomed.has(n.id));
    if (draft.edges.some((e) => doomed.has(e.source) || doomed.has(e.target))) {
      draft.edges = draft.edges.filter((e) => !doomed.has(e.source) && !doomed.has(e.target));
    }
    forgetCarriedWeights(draft, doomed);
  },
});

export interface SetParamArgs {
  nodeId: string;
  name: string;
  value: JsonValue;
}

/** Stores the value as given; the inspector and the analysis judge whether it is sensible. */
export const setParam = defineCommand<SetParamArgs>({
  name: 'setParam',
  label: 'Change parameter',
  history: true,
  perform(draft, { nodeId, name, value }) {
    if (name === '__proto__') throw new CommandError('setParam', 'a param cannot be named "__proto__"');
    const node = findNode(draft, 'setParam', nodeId);
    node.params[name] = cloneJson(requireJson('setParam', `the value of "${name}"`, value));
  },
});

/** Removes the param so the catalogue's default applies again. */
export const resetParam = defineCommand<{ nodeId: string; name: string }>({
  name: 'resetParam',
  label: 'Reset parameter',
  history: true,
  perform(draft, { nodeId, name }) {
    const node = findNode(draft, 'resetParam', nodeId);
    if (Object.prototype.hasOwnProperty.call(node.params, name)) delete node.params[name];
  },
});

export interface MoveNodesArgs {
  moves: readonly { id: string; position: Position }[];
}

/** Absolute positions. A drag sends one of these per frame inside a history gesture. */
export const moveNodes = defineCommand<MoveNodesArgs>({
  name: 'moveNodes',
  label: 'Move nodes',
  history: true,
  perform(draft, { moves }) {
    for (const { id, position } of moves) {
      if (!Number.isFinite(position.x) || !Number.isFinite(position.y)) {
        throw new CommandError('moveNodes', `position of "${id}" is not finite`);
      }
      const node = findNode(draft, 'moveNodes', id);
      if (node.position) {
        node.position.x = position.x;
        node.position.y = position.y;
      } else node.position = { x: position.x, y: position.y };
    }
  },
});

/** Sets the user-facing label; an empty label removes it so the id shows again. */
export const renameNode = defineCommand<{ nodeId: string; label: string }>({
  name: 'renameNode',
  label: 'Rename node',
  history: true,
  perform(draft, { nodeId, label }) {
    const node = findNode(draft, 'renameNode', nodeId);
    if (label.trim() === '') delete node.label;
    else node.label = label;
  },
});
