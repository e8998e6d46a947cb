import { dockTabs } from '../../shell/registry';
import { registerCanvasDiff } from '../compare/canvasDiff';
import { CompareView } from '../compare/CompareView';
import { compareSelection } from '../compare/selection';
import '../compare/compare.css';
import { RunsPanel } from './RunsPanel';
import './runs.css';

/** Adds the Runs and Compare tabs to the dock and the comparison colouring to canvas nodes; call once. */
export function registerRunsPanels(): () => void {
  const undo = [
    dockTabs.register({ id: 'runs', title: 'Runs', order: 30, render: () => <RunsPanel /> }),
    dockTabs.register({
      id: 'compare',
      title: 'Compare',
      order: 31,
      render: () => <CompareView />,
      badge: () => (compareSelection.get().length > 0 ? compareSelection.get().length : null),
    }),
    registerCanvasDiff(),
  ];
  return () => undo.forEach((u) => u());
}
