import type { GraphEdge, GraphNode, Position } from '../document/types';

const ROW = 120;
const COLUMN = 240;

/**
 * Positions for an imported graph that read top to bottom: each node one row below its deepest
 * input (longest path from the sources), nodes of a row ordered by the mean column of their inputs
 * so branches stay beside each other, rows centred on x = 0. The canvas fits the view afterwards.
 */
export function layoutTopToBottom(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
): Map<string, Position> {
  const parents = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const e of edges) parents.get(e.target)?.push(e.source);
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0; // a cycle: the caller reports it; layout just terminates
    visiting.add(id);
    const d = Math.max(-1, ...(parents.get(id) ?? []).map(depthOf)) + 1;
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  const rows: string[][] = [];
  for (const n of nodes) (rows[depthOf(n.id)] ??= []).push(n.id);
  const column = new Map<string, number>();
  const out = new Map<string, Position>();
  rows.forEach((row, r) => {
    const key = (id: string) => {
      const cols = (parents.get(id) ?? [])
        .map((p) => column.get(p))
        .filter((c): c is number => c !== undefined);
      return cols.length ? cols.reduce((a, b) => a + b, 0) / cols.length : 0;
    };
    const ordered = [...row].sort((a, b) => key(a) - key(b));
    ordered.forEach((id, i) => {
      const c = i - (ordered.length - 1) / 2;
      column.set(id, c);
      out.set(id, { x: Math.round(c * COLUMN), y: r * ROW });
    });
  });
  return out;
}
