import type { Draft } from 'immer';
import type { GraphEdge, JsonValue, NodeType, Position } from '../document/types';
import { CommandError, defineCommand, findEdge, nodeIndex, type DocumentDraft } from './command';
import { newEdgeId } from './ids';
import { addNode } from './nodeCommands';

export interface ConnectArgs {
  source: string;
  target: string;
  sourceHandle?: string;
  /** For ordered multi-input nodes: `in0`, `in1`, … */
  targetHandle?: string;
  id?: string;
}

function makeEdge(draft: DocumentDraft, args: ConnectArgs): GraphEdge {
  const edge: GraphEdge = { id: args.id ?? newEdgeId(draft), source: args.source, target: args.target };
  if (args.sourceHandle !== undefined) edge.sourceHandle = args.sourceHandle;
  if (args.targetHandle !== undefined) edge.targetHandle = args.targetHandle;
  return edge;
}

/**
 * Adds a wire and returns its id. Wiring a named target handle that already has a wire replaces that
 * wire in place (a port takes one wire), keeping the edge order that unnamed multi-inputs rely on.
 * Repeating an existing wire changes nothing and returns the existing id.
 */
export const connect = defineCommand<ConnectArgs, string>({
  name: 'connect',
  label: 'Connect',
  history: true,
  perform(draft, args) {
    nodeIndex(draft, 'connect', args.source);
    nodeIndex(draft, 'connect', args.target);
    if (args.id !== undefined && (args.id === '' || draft.edges.some((e) => e.id === args.id))) {
      throw new CommandError('connect', `the edge id "${args.id}" is empty or already taken`);
    }
    const same = draft.edges.find(
      (e) =>
        e.source === args.source &&
        e.target === args.target &&
        e.sourceHandle === args.sourceHandle &&
        e.targetHandle === args.targetHandle,
    );
    if (same) return same.id;
    const edge = makeEdge(draft, args);
    const occupied =
      args.targetHandle === undefined
        ? -1
        : draft.edges.findIndex((e) => e.target === args.target && e.targetHandle === args.targetHandle);
    if (occupied >= 0) draft.edges[occupied] = edge;
    else draft.edges.push(edge);
    return edge.id;
  },
});

function removeEdges(draft: DocumentDraft, edgeIds: readonly string[]): void {
  const doomed = new Set(edgeIds);
  if (draft.edges.some((e) => doomed.has(e.id))) draft.edges = draft.edges.filter((e) => !doomed.has(e.id));
}

/** Removes one wire. An id that is already gone is ignored (React Flow may report it twice). */
export const disconnect = defineCommand<{ edgeId: string }>({
  name: 'disconnect',
  label: 'Disconnect',
  history: true,
  perform: (draft, { edgeId }) => removeEdges(draft, [edgeId]),
});

export const deleteEdges = defineCommand<{ edgeIds: readonly string[] }>({
  name: 'deleteEdges',
  label: 'Delete wires',
  history: true,
  perform: (draft, { edgeIds }) => removeEdges(draft, edgeIds),
});

export interface InsertNodeOnEdgeArgs {
  edgeId: string;
  type: NodeType;
  params?: Record<string, JsonValue>;
  /** Defaults to halfway between the wire's ends when both have positions. */
  position?: Position;
}

function midpoint(draft: DocumentDraft, edge: Draft<GraphEdge>): Position | undefined {
  const a = draft.nodes.find((n) => n.id === edge.source)?.position;
  const b = draft.nodes.find((n) => n.id === edge.target)?.position;
  return a && b ? { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } : undefined;
}

/**
 * Splits a wire source → target into source → new node → target (the "Insert Flatten" quick fix).
 * The outgoing wire takes the old wire's place in the edge list and keeps its target handle, so a
 * multi-input target sees its inputs in the same order. Returns the new node's id.
 */
export const insertNodeOnEdge = defineCommand<InsertNodeOnEdgeArgs, string>({
  name: 'insertNodeOnEdge',
  label: 'Insert node',
  history: true,
  perform(draft, args) {
    const old = findEdge(draft, 'insertNodeOnEdge', args.edgeId);
    const { source, target, sourceHandle, targetHandle } = old;
    const position = args.position ?? midpoint(draft, old);
    const nodeId = addNode.perform(draft, {
      type: args.type,
      ...(args.params ? { params: args.params } : {}),
      ...(position ? { position } : {}),
    });
    const taken = new Set(draft.edges.map((e) => e.id));
    const incoming = makeEdge(draft, { id: newEdgeId(draft, taken), source, target: nodeId, sourceHandle });
    const outgoing = makeEdge(draft, { id: newEdgeId(draft, taken), source: nodeId, target, targetHandle });
    const index = draft.edges.findIndex((e) => e.id === args.edgeId);
    draft.edges.splice(index, 1, outgoing);
    draft.edges.push(incoming);
    return nodeId;
  },
});
