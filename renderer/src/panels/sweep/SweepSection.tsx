import type { GraphNode } from '../../../../graph-core/src/document';
import { commitDraft, paramSpecAt, useDraft } from '../../sweep/useSweep';
import { openDockTab } from '../../shell/registry';
import { useEditorStore } from '../../store/useEditor';
import { SweptParamEditor } from './SweptParamEditor';

/** Under the selected node's params: the values each of its swept params takes. */
export function SweepSection({ node }: { node: GraphNode }) {
  const store = useEditorStore();
  const draft = useDraft();
  const mine = draft.params.filter((p) => p.nodeId === node.id);
  if (mine.length === 0) return null;
  return (
    <section className="inspector-sweep" data-testid="inspector.sweep">
      <h3>
        Sweep{' '}
        <button type="button" className="link" onClick={() => openDockTab('sweep')}>
          open Sweep tab
        </button>
      </h3>
      {mine.map((p) => (
        <SweptParamEditor
          key={p.field}
          param={p}
          spec={paramSpecAt(node, p.field)}
          draft={draft}
          onChange={(d) => commitDraft(store, d)}
        />
      ))}
    </section>
  );
}
