/** Mounts sweeps into the shell: the ⋔ toggle beside params, the inspector section and the Sweep dock tab. */
import type { AppServices } from '../../shell/context';
import { dockTabs, inspectorSections, paramAdornments } from '../../shell/registry';
import { SweepRunner } from '../../sweep/runner';
import { setSweepRunner, sweepRunner } from '../../sweep/useSweep';
import { trainingController } from '../../training/useTraining';
import { SweepPanel } from './SweepPanel';
import { SweepSection } from './SweepSection';
import { SweepToggle } from './SweepToggle';
import './sweep.css';

/** Call after registerTraining (sweeps train through its controller). */
export function registerSweep(services: AppServices): () => void {
  setSweepRunner(new SweepRunner(services.host, trainingController()));
  const undo = [
    paramAdornments.register({
      id: 'sweep',
      render: (node, spec, path) => <SweepToggle node={node} spec={spec} path={path} />,
    }),
    inspectorSections.register({ id: 'sweep', order: 20, render: (node) => <SweepSection node={node} /> }),
    dockTabs.register({
      id: 'sweep',
      title: 'Sweep',
      order: 32,
      render: () => <SweepPanel />,
      badge: () => {
        const s = sweepRunner().getView();
        if (!s.state || (s.phase !== 'running' && s.phase !== 'stopping')) return null;
        return `${s.state.variants.filter((v) => v.status === 'done' || v.status === 'failed').length}/${s.state.variants.length}`;
      },
    }),
  ];
  return () => undo.forEach((u) => u());
}
