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
  const dataAnalysis = createDataAwareAnalysis(createDatasetInfoResolver(choice.host));
  const store = createEditorStore(emptyDocument(), dataAnalysis.analyze, serializeProject);
  dataAnalysis.attach(store);
  const actions = createActions(store);
  const projects = createProjectController(choice.host, store, {
    confirm: (q) => window.confirm(q),
    prompt: (q, s) => window.prompt(q, s),
  });
  const services: AppServices = { host: choice.host, hostKind: choice.kind, projects, actions };
  registerProblemsTab(actions);
  registerTraining(services);
  registerDataPanel({ onDatasetsChanged: dataAnalysis.refresh });
  registerRunsPanels();
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
