import { useEffect } from 'react';
import type { EditorActions } from '../store/actions';
import type { EditorStore } from '../store/editorStore';

function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName);
}

/** Editor keys; ignored while typing in a field, where the browser's own undo and copy apply. */
export function useShortcuts(store: EditorStore, actions: EditorActions, save: () => void): void {
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const mod = e.ctrlKey || e.metaKey;
      if (!mod) return;
      const key = e.key.toLowerCase();
      if (key === 's') {
        e.preventDefault();
        save();
        return;
      }
      if (typingInField(e.target)) return;
      const run = (f: () => void) => {
        e.preventDefault();
        f();
      };
      if (key === 'z' && e.shiftKey) run(() => store.redo());
      else if (key === 'z') run(() => store.undo());
      else if (key === 'y') run(() => store.redo());
      else if (key === 'c') run(() => actions.copy());
      else if (key === 'x') run(() => actions.cut());
      else if (key === 'v') run(() => actions.paste());
      else if (key === 'd') run(() => actions.duplicate());
      else if (key === 'a') {
        const doc = store.getState().doc;
        run(() =>
          store.select(
            doc.nodes.map((n) => n.id),
            doc.edges.map((x) => x.id),
          ),
        );
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, actions, save]);
}
