import type { GraphDocument, GraphEdge, GraphNode } from '../document/types';

/** Adjacency of a document, built once per analysis (O(nodes + edges)). */
export interface GraphIndex {
  byId: Map<string, GraphNode>;
  /** Incoming edges per node, in input order (targetHandle `inN` first by N, then edge order). */
  incoming: Map<string, GraphEdge[]>;
  outgoing: Map<string, GraphEdge[]>;
  /** Edges whose source or target is not a node of the document. */
  dangling: GraphEdge[];
}

/** `in3` → 3; anything else → undefined (such edges keep edge order after the numbered ones). */
export function handleIndex(handle: string | undefined): number | undefined {
  if (handle === undefined) return undefined;
  const m = /^in(\d+)$/.exec(handle);
  return m ? Number(m[1]) : undefined;
}

export function buildIndex(doc: GraphDocument, keep: (e: GraphEdge) => boolean = () => true): GraphIndex {
  const byId = new Map<string, GraphNode>();
  const incoming = new Map<string, GraphEdge[]>();
  const outgoing = new Map<string, GraphEdge[]>();
  for (const n of doc.nodes) {
    byId.set(n.id, n);
    incoming.set(n.id, []);
    outgoing.set(n.id, []);
  }
  const dangling: GraphEdge[] = [];
  for (const e of doc.edges) {
    const ins = incoming.get(e.target);
    const outs = outgoing.get(e.source);
    if (!ins || !outs) dangling.push(e);
    else if (keep(e)) {
      ins.push(e);
      outs.push(e);
    }
  }
  for (const list of incoming.values()) {
    if (list.length > 1 && list.some((e) => e.targetHandle !== undefined)) sortByHandle(list);
  }
  return { byId, incoming, outgoing, dangling };
}

function sortByHandle(list: GraphEdge[]): void {
  const keyed = list.map((e, i) => ({ e, i, h: handleIndex(e.targetHandle) ?? Infinity }));
  keyed.sort((a, b) => a.h - b.h || a.i - b.i);
  keyed.forEach((k, i) => (list[i] = k.e));
}

/**
 * Kahn's algorithm in document order. Nodes left over sit on a cycle or downstream of one;
 * `onCycle` keeps only those that lie on a cycle (peeling leftovers with no leftover successor).
 */
export function topoSort(doc: GraphDocument, index: GraphIndex): { order: string[]; onCycle: Set<string> } {
  const indeg = new Map<string, number>();
  for (const n of doc.nodes) indeg.set(n.id, index.incoming.get(n.id)?.length ?? 0);
  const queue: string[] = doc.nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head] as string;
    order.push(id);
    for (const e of index.outgoing.get(id) ?? []) {
      const d = (indeg.get(e.target) ?? 0) - 1;
      indeg.set(e.target, d);
      if (d === 0) queue.push(e.target);
    }
  }
  const onCycle = new Set<string>();
  if (order.length === doc.nodes.length) return { order, onCycle };
  const sorted = new Set(order);
  for (const n of doc.nodes) if (!sorted.has(n.id)) onCycle.add(n.id);
  const outdeg = new Map<string, number>();
  for (const id of onCycle) {
    outdeg.set(id, (index.outgoing.get(id) ?? []).filter((e) => onCycle.has(e.target)).length);
  }
  const sinks = [...onCycle].filter((id) => outdeg.get(id) === 0);
  while (sinks.length > 0) {
    const id = sinks.pop() as string;
    onCycle.delete(id);
    for (const e of index.incoming.get(id) ?? []) {
      if (!onCycle.has(e.source)) continue;
      const d = (outdeg.get(e.source) ?? 0) - 1;
      outdeg.set(e.source, d);
      if (d === 0) sinks.push(e.source);
    }
  }
  return { order, onCycle };
}

/** Every node from which `start` can be reached, `start` included. */
export function ancestors(index: GraphIndex, start: string): Set<string> {
  return walk(start, (id) => (index.incoming.get(id) ?? []).map((e) => e.source));
}

/** Every node reachable from `start`, `start` included. */
export function descendants(index: GraphIndex, start: string): Set<string> {
  return walk(start, (id) => (index.outgoing.get(id) ?? []).map((e) => e.target));
}

function walk(start: string, next: (id: string) => string[]): Set<string> {
  const seen = new Set<string>([start]);
  const stack = [start];
  while (stack.length > 0) {
    for (const n of next(stack.pop() as string)) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return seen;
}
