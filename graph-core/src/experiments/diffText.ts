import type { GraphDiff } from './diff';
import { formatValue } from './values';

export interface DiffLine {
  change: 'added' | 'removed' | 'changed';
  /** The node the line is about (for colouring it on the canvas), or null for a wire. */
  nodeId: string | null;
  text: string;
}

/** A graph diff as lines a person reads: `+ node drop (Dropout)`, `~ a1.activation: relu → sigmoid`. */
export function describeGraphDiff(d: GraphDiff): DiffLine[] {
  const lines: DiffLine[] = [];
  for (const n of d.nodes.added)
    lines.push({ change: 'added', nodeId: n.id, text: `+ node ${n.id} (${n.type})` });
  for (const n of d.nodes.removed)
    lines.push({ change: 'removed', nodeId: n.id, text: `- node ${n.id} (${n.type})` });
  for (const c of d.nodes.changed) {
    if (c.type)
      lines.push({ change: 'changed', nodeId: c.id, text: `~ ${c.id}: ${c.type.before} → ${c.type.after}` });
    for (const p of c.params) {
      const text = `~ ${c.id}.${p.field}: ${formatValue(p.before)} → ${formatValue(p.after)}`;
      lines.push({ change: 'changed', nodeId: c.id, text });
    }
  }
  for (const e of d.edges.added)
    lines.push({ change: 'added', nodeId: null, text: `+ wire ${e.source} → ${e.target}` });
  for (const e of d.edges.removed)
    lines.push({ change: 'removed', nodeId: null, text: `- wire ${e.source} → ${e.target}` });
  return lines;
}
