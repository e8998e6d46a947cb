import { dockTabs } from '../../shell/registry';
import { DataPanel } from './DataPanel';
import './data.css';

export interface DataPanelOptions {
  /** Called after an import added a dataset to the workspace (cached facts about it are stale). */
  onDatasetsChanged?: () => void;
}

/** Adds the Data tab to the dock; call once at start-up. */
export function registerDataPanel(options: DataPanelOptions = {}): () => void {
  return dockTabs.register({
    id: 'data',
    title: 'Data',
    order: 20,
    render: () => <DataPanel onDatasetsChanged={options.onDatasetsChanged} />,
  });
}
