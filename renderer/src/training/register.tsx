/** Mounts training into the shell: controls in the top bar, dock tabs, canvas node badges. */
import type { AppServices } from '../shell/context';
import { dockTabs, nodeDecorations, topBarItems } from '../shell/registry';
import { EvaluationPanel } from '../panels/evaluation/EvaluationPanel';
import { PredictPanel } from '../panels/evaluation/PredictPanel';
import { TrainingPanel } from '../panels/training/TrainingPanel';
import { TrainingController, hostRouteFor } from './controller';
import { NodeBadges } from './NodeBadges';
import { TrainControls } from './TrainControls';
import { setTrainingController } from './useTraining';
import { exposeTrainingHandle } from './debugHandle';
import { warmCanvasWhenIdle } from './warmCanvas';

export function registerTraining(services: AppServices): TrainingController {
  const controller = new TrainingController(
    services.host,
    hostRouteFor(services.hostKind, window.location),
    () =>
      new Worker(new URL('../worker/trainWorker.ts', import.meta.url), {
        type: 'module',
        name: 'layerloom-training',
      }),
  );
  setTrainingController(controller);
  exposeTrainingHandle(controller);
  topBarItems.register({ id: 'training', order: 10, render: () => <TrainControls /> });
  dockTabs.register({ id: 'training', title: 'Training', order: 10, render: () => <TrainingPanel /> });
  dockTabs.register({ id: 'evaluation', title: 'Evaluation', order: 11, render: () => <EvaluationPanel /> });
  dockTabs.register({ id: 'predict', title: 'Predict', order: 12, render: () => <PredictPanel /> });
  nodeDecorations.register({ id: 'training', render: (nodeId) => <NodeBadges nodeId={nodeId} /> });
  warmCanvasWhenIdle();
  return controller;
}
