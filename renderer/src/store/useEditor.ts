import { createContext, useContext, useSyncExternalStore } from 'react';
import type { EditorState, EditorStore } from './editorStore';

export const EditorStoreContext = createContext<EditorStore | null>(null);

export function useEditorStore(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditorStore outside <EditorStoreContext.Provider>');
  return store;
}

/** Subscribes to one slice; the selector must return a stable value (a field, not a fresh object). */
export function useEditor<T>(selector: (state: EditorState) => T): T {
  const store = useEditorStore();
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}
