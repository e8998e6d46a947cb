import type { ParamSpec } from '../../../../graph-core/src/catalogue';
import type { GraphNode, JsonValue } from '../../../../graph-core/src/document';
import { getField } from '../../../../graph-core/src/experiments';
import { findParam, toggleParam } from '../../sweep/draft';
import { commitDraft, useDraft } from '../../sweep/useSweep';
import { useEditorStore } from '../../store/useEditor';

/** Params a sweep can vary: values, not whole objects (their fields get their own toggles). */
export const sweepable = (spec: ParamSpec): boolean => spec.kind !== 'object';

/** The "sweep this param" toggle beside every param in the inspector. */
export function SweepToggle({
  node,
  spec,
  path,
}: {
  node: GraphNode;
  spec: ParamSpec;
  path: readonly string[];
}) {
  const store = useEditorStore();
  const draft = useDraft();
  if (!sweepable(spec)) return null;
  const field = path.join('.');
  const on = findParam(draft, node.id, field) !== undefined;
  return (
    <button
      type="button"
      className={`sweep-toggle${on ? ' on' : ''}`}
      aria-pressed={on}
      data-testid={`sweep.toggle.${node.id}.${field}`}
      title={on ? `Stop sweeping ${field}` : `Sweep ${field}: train one variant per value`}
      onClick={() =>
        commitDraft(
          store,
          toggleParam(draft, node.id, field, spec, getField(node.params, field) as JsonValue | undefined),
        )
      }
    >
      ⋔
    </button>
  );
}
