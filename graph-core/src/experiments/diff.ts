import { resolveParams } from '../catalogue';
import type { GraphDocument, GraphEdge, GraphNode, JsonValue, NodeType } from '../document/types';
import { flattenParams, jsonEqual } from './values';

/**
 * Fills in a node kind's documented defaults, so that `{}` and `{ units: 32 }` compare equal when 32
 * is the default: what the trainer sees is what counts.
 */
export type DefaultsFor = (type: NodeType) => Record<string, JsonValue>;

/** The catalogue's defaults; the default for every diff. */
export const catalogueDefaults: DefaultsFor = (type) => resolveParams({ type, params: {} });

/** Compares params exactly as written in the files. */
export const writtenParams: DefaultsFor = () => ({});

export interface ParamChange {
  /** Dotted path for nested params, e.g. `earlyStopping.patience`. */
  field: string;
  /** `undefined` when the param is absent on that side (and no default is known). */
  before: JsonValue | undefined;
  after: JsonValue | undefined;
}

export interface NodeChange {
  id: string;
  /** Present only when the node's kind changed. */
  type?: { before: NodeType; after: NodeType };
  params: ParamChange[];
}

export interface GraphDiff {
  nodes: { added: GraphNode[]; removed: GraphNode[]; changed: NodeChange[] };
  edges: { added: GraphEdge[]; removed: GraphEdge[] };
}

export interface DiffOptions {
  /** Defaults to `catalogueDefaults`. */
  defaultsFor?: DefaultsFor;
}

/** The params of a node as seen by the trainer: defaults first, then what the file says. */
export function effectiveParams(
  node: GraphNode,
  defaultsFor: DefaultsFor = catalogueDefaults,
): Map<string, JsonValue> {
  const defaults = flattenParams(defaultsFor(node.type));
  for (const [k, v] of flattenParams(node.params)) defaults.set(k, v);
  return defaults;
}

export function diffParams(before: Map<string, JsonValue>, after: Map<string, JsonValue>): ParamChange[] {
  const fields = [...new Set([...before.keys(), ...after.keys()])].sort();
  const out: ParamChange[] = [];
  for (const field of fields) {
    const b = before.get(field);
    const a = after.get(field);
    if (!jsonEqual(b, a)) out.push({ field, before: b, after: a });
  }
  return out;
}

/**
 * Edges are matched by what they connect, not by id: two files wired the same way but saved by
 * different sessions (different edge ids) have no edge differences.
 */
export function edgeKey(e: GraphEdge): string {
  return `${e.source}:${e.sourceHandle ?? ''}->${e.target}:${e.targetHandle ?? ''}`;
}

/** What changed going from graph `a` to graph `b`. Nodes are matched by id; positions are ignored. */
export function diffGraphs(a: GraphDocument, b: GraphDocument, options: DiffOptions = {}): GraphDiff {
  const aNodes = new Map(a.nodes.map((n) => [n.id, n]));
  const bNodes = new Map(b.nodes.map((n) => [n.id, n]));
  const added = b.nodes.filter((n) => !aNodes.has(n.id));
  const removed = a.nodes.filter((n) => !bNodes.has(n.id));
  const changed: NodeChange[] = [];
  for (const na of a.nodes) {
    const nb = bNodes.get(na.id);
    if (!nb) continue;
    const params = diffParams(
      effectiveParams(na, options.defaultsFor),
      effectiveParams(nb, options.defaultsFor),
    );
    const typeChanged = na.type !== nb.type;
    if (typeChanged || params.length > 0) {
      changed.push({
        id: na.id,
        ...(typeChanged ? { type: { before: na.type, after: nb.type } } : {}),
        params,
      });
    }
  }
  const aEdges = new Set(a.edges.map(edgeKey));
  const bEdges = new Set(b.edges.map(edgeKey));
  return {
    nodes: { added, removed, changed },
    edges: {
      added: b.edges.filter((e) => !aEdges.has(edgeKey(e))),
      removed: a.edges.filter((e) => !bEdges.has(edgeKey(e))),
    },
  };
}

export function isEmptyDiff(d: GraphDiff): boolean {
  return (
    d.nodes.added.length +
      d.nodes.removed.length +
      d.nodes.changed.length +
      d.edges.added.length +
      d.edges.removed.length ===
    0
  );
}

/** One thing that differs across N graphs. */
export interface HyperParamRow {
  nodeId: string;
  /** The dotted param path, or `null` for the row that compares the node's kind. */
  field: string | null;
  /** `nodeId.field` (or `nodeId` for the kind row): the same key `--set` takes. */
  key: string;
  /** One per graph, in input order; `undefined` where the node or param is absent. */
  values: (JsonValue | undefined)[];
}

/**
 * The params that differ across N graphs (rows), e.g. for a sweep: `a1.activation: sigmoid | tanh |
 * relu`. A node missing from some graphs gets a kind row with `undefined` in those columns; its
 * params get rows only where they differ between the graphs that have it.
 */
export function diffHyperParams(
  graphs: readonly GraphDocument[],
  options: DiffOptions = {},
): HyperParamRow[] {
  const nodeIds: string[] = [];
  const seen = new Set<string>();
  for (const g of graphs) {
    for (const n of g.nodes) {
      if (!seen.has(n.id)) nodeIds.push(n.id);
      seen.add(n.id);
    }
  }
  const byId = graphs.map((g) => new Map(g.nodes.map((n) => [n.id, n])));
  const rows: HyperParamRow[] = [];
  for (const id of nodeIds) {
    const nodes = byId.map((m) => m.get(id));
    const types = nodes.map((n) => n?.type);
    if (types.some((t) => t !== types[0])) rows.push({ nodeId: id, field: null, key: id, values: types });
    const params = nodes.map((n) => (n ? effectiveParams(n, options.defaultsFor) : undefined));
    const fields = [...new Set(params.flatMap((p) => (p ? [...p.keys()] : [])))].sort();
    for (const field of fields) {
      const values = params.map((p) => p?.get(field));
      // Compared only where the node exists: its absence is already the kind row.
      const present = values.filter((_, i) => params[i] !== undefined);
      if (present.some((v) => !jsonEqual(v, present[0]))) {
        rows.push({ nodeId: id, field, key: `${id}.${field}`, values });
      }
    }
  }
  return rows;
}
