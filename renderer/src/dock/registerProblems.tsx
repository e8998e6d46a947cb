import type { EditorActions } from '../store/actions';
import { dockTabs } from '../shell/registry';
import { ProblemsPanel } from './ProblemsPanel';

export function registerProblemsTab(actions: EditorActions): void {
  dockTabs.register({
    id: 'problems',
    title: 'Problems',
    order: 0,
    render: () => <ProblemsPanel actions={actions} />,
  });
}
