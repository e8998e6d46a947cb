import type { GraphDocument, NodeType } from '../document/types';

type HasNodes = Pick<GraphDocument, 'nodes'>;
type HasEdges = Pick<GraphDocument, 'edges'>;

/** `Dense` → `dense`; a name with a digit gets an underscore so the count stands apart (`conv2d_1`). */
export function idPrefix(type: NodeType): string {
  const base = type.toLowerCase();
  return /\d/.test(base) ? `${base}_` : base;
}

function firstFree(prefix: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${prefix}${n}`;
    if (!taken.has(id)) return id;
  }
}

/**
 * A readable node id that no node of `doc` has yet: `dense1`, `dense2`, … (the lowest free number).
 * Ids double as layer names in compiled models and run folders, so they stay short and stable.
 * Pass `taken` when creating several ids in one edit; the new id is added to it.
 */
export function newId(doc: HasNodes, type: NodeType, taken?: Set<string>): string {
  const used = taken ?? new Set(doc.nodes.map((n) => n.id));
  const id = firstFree(idPrefix(type), used);
  used.add(id);
  return id;
}

/** A free edge id: `e1`, `e2`, … */
export function newEdgeId(doc: HasEdges, taken?: Set<string>): string {
  const used = taken ?? new Set(doc.edges.map((e) => e.id));
  const id = firstFree('e', used);
  used.add(id);
  return id;
}
