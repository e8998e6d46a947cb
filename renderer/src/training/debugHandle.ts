import type { TrainingController } from './controller';

declare global {
  interface Window {
    /** For e2e tests and the bench: the training controller (e.g. its WebGL context-loss hook). */
    __layerloomTraining?: TrainingController;
  }
}

export function exposeTrainingHandle(controller: TrainingController): void {
  window.__layerloomTraining = controller;
}
