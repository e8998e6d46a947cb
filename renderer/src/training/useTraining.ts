import { useSyncExternalStore } from 'react';
import type { TrainingController } from './controller';
import type { TrainingState } from './state';

let current: TrainingController | null = null;

export function setTrainingController(controller: TrainingController): void {
  current = controller;
}

export function trainingController(): TrainingController {
  if (!current) throw new Error('training used before registerTraining()');
  return current;
}

/** False when no controller exists yet (nothing can be training then). */
export function isRunLive(runId: string): boolean {
  return current?.isTraining(runId) ?? false;
}

export function useTraining(): TrainingState {
  const c = trainingController();
  return useSyncExternalStore(c.subscribe, c.getState);
}
