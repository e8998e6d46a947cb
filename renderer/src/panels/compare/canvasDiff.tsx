/**
 * Colours the canvas by a comparison: each node of the open graph is marked added or changed
 * relative to a reference run's graph (nodes the run had but the canvas lacks are listed in the
 * Compare view, since they cannot be drawn). Off unless the Compare view turns it on.
 */
import { useSyncExternalStore } from 'react';
import type { GraphDocument } from '../../../../graph-core/src/document';
import { diffGraphs, formatValue, type GraphDiff } from '../../../../graph-core/src/experiments';
import { nodeDecorations } from '../../shell/registry';
import { useEditor } from '../../store/useEditor';

interface Reference {
  runLabel: string;
  graph: GraphDocument;
}

let reference: Reference | null = null;
const listeners = new Set<() => void>();

export const canvasDiff = {
  get: () => reference,
  set(ref: Reference | null) {
    reference = ref;
    for (const l of listeners) l();
  },
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

// Every node's badge asks for the same diff: compute it once per (reference, document) pair.
let cached: { ref: Reference; doc: GraphDocument; diff: GraphDiff } | null = null;
function diffFor(ref: Reference, doc: GraphDocument): GraphDiff {
  if (cached?.ref !== ref || cached.doc !== doc) cached = { ref, doc, diff: diffGraphs(ref.graph, doc) };
  return cached.diff;
}

function DiffBadge({ nodeId }: { nodeId: string }) {
  const ref = useSyncExternalStore(canvasDiff.subscribe, canvasDiff.get);
  const doc = useEditor((s) => s.doc);
  if (!ref) return null;
  const d = diffFor(ref, doc);
  if (d.nodes.added.some((n) => n.id === nodeId)) {
    return (
      <span
        className="diff-badge diff-added"
        data-testid={`diff.${nodeId}`}
        data-change="added"
        title={`Not in ${ref.runLabel}`}
      >
        + new
      </span>
    );
  }
  const c = d.nodes.changed.find((n) => n.id === nodeId);
  if (!c) return null;
  const lines = [
    ...(c.type ? [`kind: ${c.type.before} → ${c.type.after}`] : []),
    ...c.params.map((p) => `${p.field}: ${formatValue(p.before)} → ${formatValue(p.after)}`),
  ];
  return (
    <span
      className="diff-badge diff-changed"
      data-testid={`diff.${nodeId}`}
      data-change="changed"
      title={`vs ${ref.runLabel}:\n${lines.join('\n')}`}
    >
      ~ {lines.length === 1 ? lines[0] : `${lines.length} changes`}
    </span>
  );
}

export function registerCanvasDiff(): () => void {
  return nodeDecorations.register({ id: 'compare-diff', render: (nodeId) => <DiffBadge nodeId={nodeId} /> });
}
