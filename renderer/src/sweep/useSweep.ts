import { useSyncExternalStore } from 'react';
import type { ParamSpec } from '../../../graph-core/src/catalogue';
import type { GraphNode } from '../../../graph-core/src/document';
import { specOf } from '../core/catalogue';
import type { EditorStore } from '../store/editorStore';
import { useEditor } from '../store/useEditor';
import { draftValue, readDraft, SWEEP_FIELD, type SweepDraft } from './draft';
import type { SweepRunner, SweepView } from './runner';

let current: SweepRunner | null = null;

export function setSweepRunner(runner: SweepRunner): void {
  current = runner;
}

export function sweepRunner(): SweepRunner {
  if (!current) throw new Error('sweep used before registerSweep()');
  return current;
}

export function useSweepView(): SweepView {
  const r = sweepRunner();
  return useSyncExternalStore(r.subscribe, r.getView);
}

/** The document's sweep; parsed once per document revision. */
const cache = new WeakMap<object, SweepDraft>();
export function useDraft(): SweepDraft {
  const doc = useEditor((s) => s.doc);
  let d = cache.get(doc);
  if (!d) {
    d = readDraft(doc);
    cache.set(doc, d);
  }
  return d;
}

/** One undo step per change of the sweep definition. */
export function commitDraft(store: EditorStore, draft: SweepDraft): void {
  store.run('setDocumentField', { key: SWEEP_FIELD, value: draftValue(draft) });
}

/** The catalogue spec of a (possibly nested, dotted) param of a node. */
export function paramSpecAt(node: Pick<GraphNode, 'type'>, field: string): ParamSpec | undefined {
  let specs: readonly ParamSpec[] = specOf(node.type).params;
  let found: ParamSpec | undefined;
  for (const part of field.split('.')) {
    found = specs.find((p) => p.name === part);
    if (!found) return undefined;
    specs = found.kind === 'object' ? found.fields : [];
  }
  return found;
}
