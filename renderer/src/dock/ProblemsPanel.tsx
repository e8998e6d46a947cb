import { useReactFlow } from '@xyflow/react';
import type { Diagnostic } from '../../../graph-core/src/analysis';
import type { EditorActions } from '../store/actions';
import { useEditor, useEditorStore } from '../store/useEditor';

const ORDER = { error: 0, warning: 1, info: 2 } as const;

export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}

export function ProblemsPanel({ actions }: { actions: EditorActions }) {
  const store = useEditorStore();
  const flow = useReactFlow();
  const diagnostics = useEditor((s) => s.analysis.diagnostics);

  function jump(nodeId: string) {
    store.select([nodeId]);
    const node = flow.getInternalNode(nodeId);
    if (!node) return;
    const w = node.measured.width ?? 160;
    const h = node.measured.height ?? 60;
    void flow.setCenter(
      node.internals.positionAbsolute.x + w / 2,
      node.internals.positionAbsolute.y + h / 2,
      {
        zoom: Math.max(flow.getZoom(), 1),
        duration: 250,
      },
    );
  }

  if (diagnostics.length === 0) {
    return (
      <p className="problems-empty" data-testid="problems.empty">
        No problems: every node has a shape and the graph is ready to train.
      </p>
    );
  }
  return (
    <ul className="problems" aria-label="Problems">
      {sortDiagnostics(diagnostics).map((d, i) => (
        <li
          key={`${d.nodeId}-${d.field}-${i}`}
          className={`problem ${d.severity}`}
          data-testid="problems.item"
        >
          <span className={`sev ${d.severity}`} aria-label={d.severity}>
            {d.severity === 'error' ? '✕' : d.severity === 'warning' ? '!' : 'i'}
          </span>
          {d.nodeId !== null ? (
            <button
              type="button"
              className="link"
              data-testid="problems.jump"
              onClick={() => jump(d.nodeId as string)}
            >
              {d.message}
            </button>
          ) : (
            <span>{d.message}</span>
          )}
          {d.fix && (
            <button
              type="button"
              className="fix"
              data-testid="problems.fix"
              onClick={() => d.fix && actions.applyQuickFix(d.fix)}
            >
              {d.fix.label}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
