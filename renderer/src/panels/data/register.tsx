import { dockTabs } from '../../shell/registry';
import { DataPanel } from './DataPanel';
import './data.css';

/** Adds the Data tab to the dock; call once at start-up. */
export function registerDataPanel(): () => void {
  return dockTabs.register({ id: 'data', title: 'Data', order: 20, render: () => <DataPanel /> });
}
