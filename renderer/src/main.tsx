import { saveAsDialog } from './shell/saveAsDialog';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './shell/theme.css';
import './shell/layout.css';
import './canvas/canvas.css';
import './inspector/inspector.css';
import { emptyDocument, serializeProject } from './core/document';
import { createProjectController } from './project/projectController';
import { selectHost } from './project/host';
import { createActions } from './store/actions';
import { createEditorStore } from './store/editorStore';
import { createDataAwareAnalysis } from './data/dataAwareAnalysis';
import { createDatasetInfoResolver } from './data/datasetInfoResolver';
import { EditorStoreContext } from './store/useEditor';
import { App } from './shell/App';
import { ServicesContext, type AppServices } from './shell/context';
import { registerProblemsTab } from './dock/registerProblems';
import { registerDataPanel } from './panels/data/register';
import { registerRunsPanels } from './panels/runs/register';
import { registerCanvasExport } from './files/registerExport';
import { exposeDebugHandle } from './shell/debugHandle';
import { registerTraining } from './training/register';
import { registerSweep } from './panels/sweep/register';

const root = createRoot(document.getElementById('root') as HTMLElement);
const choice = selectHost(window);

if (!choice.ok) {
  root.render(
    <div className="fatal" role="alert">
      <h1>Layerloom cannot reach its host</h1>
      <p>{choice.reason}</p>
    </div>,
  );
} else {
  // Imported datasets' shapes are read from the workspace in the background; edits stay synchronous.
  // Dataset paths are relative to the open project, which the store only knows once it exists.
  let projectOf = (): string | null => null;
  const dataAnalysis = createDataAwareAnalysis(createDatasetInfoResolver(choice.host, () => projectOf()));
  const store = createEditorStore(emptyDocument(), dataAnalysis.analyze, serializeProject);
  dataAnalysis.attach(store);
  projectOf = () => store.getState().projectId;
  let analysedFor = store.getState().projectId;
  store.subscribe(() => {
    // A first save gives relative paths a folder: analyse again so they are read from there.
    const { projectId } = store.getState();
    if (projectId === analysedFor) return;
    analysedFor = projectId;
    store.reanalyze();
  });
  const actions = createActions(store);
  const projects = createProjectController(choice.host, store, {
    confirm: (q) => window.confirm(q),
    prompt: (_question, suggestion) => saveAsDialog.askName(suggestion),
    confirmReplace: (name) => saveAsDialog.askReplace(name),
  });
  const services: AppServices = { host: choice.host, hostKind: choice.kind, projects, actions };
  registerProblemsTab(actions);
  registerTraining(services);
  registerDataPanel({ onDatasetsChanged: dataAnalysis.refresh });
  registerRunsPanels();
  registerCanvasExport();
  registerSweep(services);
  exposeDebugHandle({ store, actions, projects });
  root.render(
    <StrictMode>
      <EditorStoreContext.Provider value={store}>
        <ServicesContext.Provider value={services}>
          <ReactFlowProvider>
            <App />
          </ReactFlowProvider>
        </ServicesContext.Provider>
      </EditorStoreContext.Provider>
    </StrictMode>,
  );
}
