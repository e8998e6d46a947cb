import { useSyncExternalStore } from 'react';
import type { ProjectController } from '../project/projectController';
import { useEditor, useEditorStore } from '../store/useEditor';
import { Menu } from './Menu';
import { pickFile, pickFiles } from '../files/pickFile';
import { topBarItems } from './registry';

interface TopBarProps {
  projects: ProjectController;
  theme: 'light' | 'dark';
  onToggleTheme(): void;
  onAutoLayout(): void;
}

const mod = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl+';

export function TopBar({ projects, theme, onToggleTheme, onAutoLayout }: TopBarProps) {
  const store = useEditorStore();
  const name = useEditor((s) => s.doc.name);
  const dirty = useEditor((s) => s.dirty);
  const canUndo = useEditor((s) => s.canUndo);
  const canRedo = useEditor((s) => s.canRedo);
  const undoLabel = useEditor((s) => s.undoLabel);
  const redoLabel = useEditor((s) => s.redoLabel);
  const ui = useSyncExternalStore(projects.subscribe, projects.getState);
  const items = topBarItems.use();

  return (
    <header className="topbar">
      <div className="title" data-testid="project.title" title={name}>
        {name}
        {dirty && (
          <span className="dirty" data-testid="project.dirty" aria-label="unsaved changes">
            ●
          </span>
        )}
      </div>
      <button type="button" data-testid="project.new" onClick={() => projects.newProject()}>
        New
      </button>
      <Menu
        label="Open"
        testId="project.open"
        empty="No saved projects yet."
        entries={[
          ui.dialogs
            ? { key: 'dialog', label: 'Open file…', onSelect: () => void projects.open() }
            : {
                key: 'pick',
                label: 'Open file…',
                testId: 'project.openFile',
                onSelect: () =>
                  void pickFile('.layerloom').then(
                    async (f) => f && (await projects.openFileText(await f.text(), f.name)),
                  ),
              },
          {
            key: 'importModel',
            label: 'Import model… (.onnx, or model.json with its .bin files)',
            testId: 'project.importModel',
            onSelect: () => void pickFiles('.onnx,.json,.bin').then((files) => projects.importModel(files)),
          },
          ...ui.projects.map((p) => ({
            key: p.id,
            label: p.name,
            testId: `project.open.${p.name}`,
            onSelect: () => void projects.open(p.id),
          })),
        ]}
      />
      <button
        type="button"
        data-testid="project.save"
        title={`Save (${mod}S)`}
        onClick={() => void projects.save()}
      >
        Save
      </button>
      <button type="button" data-testid="project.saveAs" onClick={() => void projects.saveAs()}>
        Save As
      </button>
      <Menu
        label="Templates"
        testId="project.templates"
        empty="No templates found."
        entries={ui.samples.map((s) => ({
          key: s.id,
          label: (
            <>
              <b>{s.name}</b>
              <div className="dim">{s.description}</div>
            </>
          ),
          testId: `template.${s.id}`,
          onSelect: () => void projects.openSample(s.id),
        }))}
      />
      <Menu
        label="Recent"
        testId="project.recent"
        empty="Nothing opened yet."
        entries={ui.recent
          .filter((r) => r.exists)
          .map((r) => ({
            key: r.id,
            label: r.name,
            testId: `recent.${r.name}`,
            onSelect: () => void projects.open(r.id),
          }))}
      />
      <span className="sep" />
      <button
        type="button"
        data-testid="edit.undo"
        disabled={!canUndo}
        title={`Undo${undoLabel ? ` ${undoLabel}` : ''} (${mod}Z)`}
        onClick={() => store.undo()}
      >
        Undo
      </button>
      <button
        type="button"
        data-testid="edit.redo"
        disabled={!canRedo}
        title={`Redo${redoLabel ? ` ${redoLabel}` : ''} (Shift+${mod}Z)`}
        onClick={() => store.redo()}
      >
        Redo
      </button>
      <button type="button" data-testid="edit.autoLayout" onClick={onAutoLayout}>
        Auto-layout
      </button>
      <span className="spacer" />
      {items.map((i) => (
        <span key={i.id}>{i.render()}</span>
      ))}
      <button
        type="button"
        data-testid="theme.toggle"
        aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        onClick={onToggleTheme}
      >
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}
