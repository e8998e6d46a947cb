import type { Draft } from 'immer';
import { isJsonValue } from '../document/schema';
import type { GraphDocument, GraphEdge, GraphNode, JsonValue } from '../document/types';

export type DocumentDraft = Draft<GraphDocument>;

/**
 * One user edit, registered once. `perform` mutates an immer draft and may return a result (the new
 * node's id, say). Commands keep the document structurally sound (every edge names real nodes, ids are
 * unique) but never judge graph semantics: shapes, arity and cycles are the analysis' job.
 */
export interface Command<A, R = void> {
  name: string;
  /** What the Undo/Redo menu items say: "Undo Delete nodes". */
  label: string;
  /**
   * true: the change is one undo step. false: the change replaces the document wholesale (opening a
   * file), so earlier steps no longer apply and running it clears undo and redo.
   */
  history: boolean;
  perform(draft: DocumentDraft, args: A): R;
}

export function defineCommand<A, R = void>(command: Command<A, R>): Command<A, R> {
  return command;
}

/** A caller broke a command's contract (an edge to a missing node, an unknown type): a bug, not a user error. */
export class CommandError extends Error {
  constructor(command: string, message: string) {
    super(`${command}: ${message}`);
    this.name = 'CommandError';
  }
}

export function nodeIndex(draft: DocumentDraft, command: string, id: string): number {
  const index = draft.nodes.findIndex((n) => n.id === id);
  if (index < 0) throw new CommandError(command, `no node has the id "${id}"`);
  return index;
}

export function findNode(draft: DocumentDraft, command: string, id: string): Draft<GraphNode> {
  return draft.nodes[nodeIndex(draft, command, id)] as Draft<GraphNode>;
}

export function findEdge(draft: DocumentDraft, command: string, id: string): Draft<GraphEdge> {
  const edge = draft.edges.find((e) => e.id === id);
  if (!edge) throw new CommandError(command, `no edge has the id "${id}"`);
  return edge;
}

/**
 * A deep copy of JSON data. Values handed to a command are copied before they enter the document,
 * because immer freezes everything in the result and the caller's objects must stay theirs.
 */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => cloneJson(item)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // defineProperty keeps a "__proto__" key as data instead of changing the copy's prototype.
    Object.defineProperty(copy, key, {
      value: cloneJson(item),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy as T;
}

export function requireJson(command: string, what: string, value: unknown): JsonValue {
  if (!isJsonValue(value))
    throw new CommandError(command, `${what} is not plain JSON (finite numbers, no undefined)`);
  return value;
}

/**
 * Takes ids off the document's carried weights (`weights.nodes`): a node that is deleted, or a new
 * node that happens to get an id the list still names, must not start from weights it never had.
 * Touches the draft only when something changes, so an unrelated edit records no weights patch.
 */
export function forgetCarriedWeights(draft: DocumentDraft, ids: ReadonlySet<string>): void {
  const weights = draft.weights;
  if (!weights || !weights.nodes.some((id) => ids.has(id))) return;
  weights.nodes = weights.nodes.filter((id) => !ids.has(id));
}
