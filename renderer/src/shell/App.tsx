import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useReactFlow } from '@xyflow/react';
import { autoLayout } from '../canvas/autoLayout';
import { Canvas } from '../canvas/Canvas';
import { FIT_PADDING, openFitted } from '../canvas/openFitted';
import { DEFAULT_SIZE } from '../canvas/freeSpace';
import { usePanelOpen } from './panelPrefs';
import { projectFileIn } from '../files/pickFile';
import { isModelPick } from '../project/importModel';
import { PanelToggles } from './PanelToggles';
import './panels.css';
import { Dock } from '../dock/Dock';
import { Inspector } from '../inspector/Inspector';
import { Palette } from '../palette/Palette';
import { useEditorStore } from '../store/useEditor';
import { useServices } from './context';
import { StatusBar } from './StatusBar';
import { TopBar } from './TopBar';
import { useShortcuts } from './useShortcuts';
import { Banners } from './Banners';
import { SaveAsDialog } from './SaveAsDialog';
import { menuHandlers } from '../project/menuCommands';
import { trainingController } from '../training/useTraining';
import { openDockTab } from './registry';

function isTextField(el: Element | null): boolean {
  return el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA'].includes(el.tagName));
}

type Theme = 'light' | 'dark';
const THEME_KEY = 'layerloom.theme';

function initialTheme(): Theme {
  const saved = localStorage.getItem(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function App() {
  const store = useEditorStore();
  const { projects, actions } = useServices();
  const flow = useReactFlow();
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const ui = useSyncExternalStore(projects.subscribe, projects.getState);
  const relaidAt = useRef(-1);
  const [arranging, setArranging] = useState(false);
  const [paletteOpen, setPaletteOpen] = usePanelOpen('palette');
  const [inspectorOpen, setInspectorOpen] = usePanelOpen('inspector');

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem(THEME_KEY, theme);
  }, [theme]);

  useEffect(() => {
    void projects.start();
    projects.startAutosave();
    const warn = (e: BeforeUnloadEvent) => {
      if (!store.getState().dirty) return;
      e.preventDefault();
      // Older Chromium needs returnValue set to show the prompt.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      projects.stopAutosave();
      window.removeEventListener('beforeunload', warn);
    };
  }, [projects, store]);

  // A newly loaded project is framed once its nodes have been measured.
  const loads = useSyncExternalStore(store.subscribe, () => store.getState().loads);
  useEffect(() => {
    // React Flow queues a fit until nodes exist; on an empty canvas that would jump the view at the first drop.
    if (store.getState().doc.nodes.length === 0) {
      setArranging(false);
      void flow.setViewport({ x: 0, y: 0, zoom: 1 });
      return;
    }
    // Lay out again at most once per opened project: the reload that follows is only framed.
    const relayout = relaidAt.current !== loads;
    const t = setTimeout(
      () =>
        void openFitted(flow, store, document.querySelector('.canvas'), relayout, () =>
          setArranging(true),
        ).then(
          (did) => {
            // Laid out: the store loads again and the next run frames it, then clicks are let through.
            if (did) relaidAt.current = store.getState().loads;
            else setArranging(false);
          },
          // Laid out or not, the project is open and editable; the failure is only the layout's.
          (e: unknown) => {
            setArranging(false);
            console.warn('Could not lay the project out:', e);
          },
        ),
      60,
    );
    return () => clearTimeout(t);
  }, [loads, flow, store]);

  const onAutoLayout = useCallback(async () => {
    const s = store.getState();
    const box = document.querySelector('.canvas')?.getBoundingClientRect();
    const positions = await autoLayout(
      s.doc,
      s.measured,
      box && box.height > 0 ? box.width / box.height : 1.6,
    );
    store.run('moveNodes', { moves: Object.entries(positions).map(([id, position]) => ({ id, position })) });
    setTimeout(() => void flow.fitView({ padding: FIT_PADDING, maxZoom: 1, duration: 200 }), 30);
  }, [store, flow]);

  const save = useCallback(() => void projects.save(), [projects]);
  useShortcuts(store, actions, save);

  useEffect(() => {
    const bridge = window.layerloom;
    if (!bridge) return;
    const handlers = menuHandlers({
      projects,
      store,
      actions,
      autoLayout: () => void onAutoLayout(),
      fitView: () => void flow.fitView({ padding: FIT_PADDING }),
      train: () => {
        const { doc, projectId, analysis } = store.getState();
        if (!analysis.valid) return openDockTab('problems');
        trainingController().start({ doc: structuredClone(doc), projectName: doc.name, projectId });
        openDockTab('training');
      },
      stopTraining: () => trainingController().stop(),
      showRuns: () => openDockTab('runs'),
      typingInField: () => isTextField(document.activeElement),
      // Chromium still runs these on the focused field; it is what Electron's edit roles do too.
      fieldEdit: (command) => document.execCommand(command),
    });
    return bridge.onMenuCommand((command) => handlers[command]());
  }, [projects, store, actions, onAutoLayout, flow]);

  const addAtCentre = useCallback(
    (type: Parameters<typeof actions.addNode>[0]) => {
      const el = document.querySelector('.canvas')?.getBoundingClientRect();
      const centre = el ? { x: el.left + el.width / 2, y: el.top + el.height / 2 } : { x: 400, y: 300 };
      const id = actions.addNext(type, flow.screenToFlowPosition(centre));
      // Added after a node at the view's edge, the new one can land outside it: bring it into view.
      const node = id ? store.getState().doc.nodes.find((n) => n.id === id) : undefined;
      const at = node?.position;
      if (!node || !at || !el) return;
      const size = store.getState().measured.get(node.id) ?? DEFAULT_SIZE;
      const topLeft = flow.flowToScreenPosition(at);
      const bottomRight = flow.flowToScreenPosition({ x: at.x + size.width, y: at.y + size.height });
      const inside =
        topLeft.x >= el.left &&
        topLeft.y >= el.top &&
        bottomRight.x <= el.right &&
        bottomRight.y <= el.bottom;
      if (!inside)
        void flow.setCenter(at.x + size.width / 2, at.y + size.height / 2, {
          zoom: flow.getZoom(),
          duration: 150,
        });
    },
    [actions, flow, store],
  );

  return (
    <div
      className={`app${paletteOpen ? '' : ' no-palette'}${inspectorOpen ? '' : ' no-inspector'}`}
      data-ready={ui.ready}
    >
      <TopBar
        projects={projects}
        theme={theme}
        onToggleTheme={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        onAutoLayout={() => void onAutoLayout()}
      />
      <Palette onAdd={addAtCentre} />
      <div
        className="canvas-area"
        onDropCapture={(e) => {
          // A .layerloom dropped from the desktop opens as a project; anything else goes on to the canvas.
          const dropped = Array.from(e.dataTransfer.files);
          if (!projectFileIn(dropped) && isModelPick(dropped.map((f) => f.name))) {
            e.preventDefault();
            e.stopPropagation();
            void projects.importModel(dropped);
            return;
          }
          const file = projectFileIn(dropped);
          if (!file) return;
          e.preventDefault();
          e.stopPropagation();
          void file.text().then((text) => projects.openFileText(text, file.name));
        }}
      >
        <Canvas actions={actions} />
        {arranging && (
          <div className="canvas-arranging" data-testid="canvas.arranging" role="status">
            Arranging nodes…
          </div>
        )}
        <Banners projects={projects} ui={ui} />
        <SaveAsDialog />
        <PanelToggles
          palette={paletteOpen}
          inspector={inspectorOpen}
          onPalette={setPaletteOpen}
          onInspector={setInspectorOpen}
        />
      </div>
      <Inspector />
      <Dock />
      <StatusBar />
    </div>
  );
}
