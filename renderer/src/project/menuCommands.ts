/**
 * What each app-menu command does in the renderer. A full `Record` over MenuCommand, so a command
 * added to the contract fails to compile here until it is wired; the Electron menu sends the
 * command over the typed menu channel and this is the only place that acts on it.
 */
import type { MenuCommand } from '../../../host/src/contract/channels';
import type { EditorActions } from '../store/actions';
import type { EditorStore } from '../store/editorStore';
import type { ProjectController } from './projectController';

export interface MenuTargets {
  projects: Pick<ProjectController, 'newProject' | 'open' | 'save' | 'saveAs' | 'exportWeights'>;
  store: Pick<EditorStore, 'undo' | 'redo' | 'select' | 'getState'>;
  actions: Pick<EditorActions, 'cut' | 'copy' | 'paste' | 'duplicate' | 'deleteSelection'>;
  autoLayout(): void;
  fitView(): void;
  train(): void;
  stopTraining(): void;
  showRuns(): void;
  /** Whether the keyboard focus is in a text field, where editing commands belong to the field. */
  typingInField(): boolean;
  /** The field's own undo, cut, copy … (the menu's accelerators would otherwise take them). */
  fieldEdit(command: FieldEdit): void;
}

const FIELD_EDITS = ['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll'] as const;
export type FieldEdit = (typeof FIELD_EDITS)[number];

export function menuHandlers(t: MenuTargets): Record<MenuCommand, () => void> {
  const canvas: Record<MenuCommand, () => void> = {
    new: () => t.projects.newProject(),
    open: () => void t.projects.open(),
    save: () => void t.projects.save(),
    saveAs: () => void t.projects.saveAs(),
    exportWeights: () => void t.projects.exportWeights(),
    undo: () => t.store.undo(),
    redo: () => t.store.redo(),
    cut: () => t.actions.cut(),
    copy: () => void t.actions.copy(),
    paste: () => t.actions.paste(),
    duplicate: () => t.actions.duplicate(),
    delete: () => t.actions.deleteSelection(),
    selectAll: () => {
      const { doc } = t.store.getState();
      t.store.select(
        doc.nodes.map((n) => n.id),
        doc.edges.map((e) => e.id),
      );
    },
    autoLayout: () => t.autoLayout(),
    fitView: () => t.fitView(),
    train: () => t.train(),
    stop: () => t.stopTraining(),
    showRuns: () => t.showRuns(),
  };
  const routed = { ...canvas };
  for (const command of FIELD_EDITS) {
    routed[command] = () => (t.typingInField() ? t.fieldEdit(command) : canvas[command]());
  }
  // A field has no duplicate of its own, and Ctrl+D there must not copy nodes behind the person's back.
  routed.duplicate = () => {
    if (!t.typingInField()) canvas.duplicate();
  };
  return routed;
}
