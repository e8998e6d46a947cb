import type { EditorActions } from '../store/actions';
import type { ProjectController } from '../project/projectController';
import type { EditorStore } from '../store/editorStore';

export interface DebugHandle {
  store: EditorStore;
  actions: EditorActions;
  projects: ProjectController;
}

declare global {
  interface Window {
    /** For e2e tests and the benchmark only: the editor store of this page. */
    __layerloomEditor?: DebugHandle;
  }
}

export function exposeDebugHandle(handle: DebugHandle): void {
  window.__layerloomEditor = handle;
}
