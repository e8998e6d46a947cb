// Front door of graph-core's training loop (uses tfjs): the loop, its metrics and summary types.
// Type-only imports from here are erased, so the renderer's main thread may use them freely.
export * from './types';
export * from './loop';
export * from './advice';
export * from './early-stopping';
export * from './scheduling';
export { decisionBoundary, evaluateRun } from './evaluate';
export { runTrainingJob, type JobPhase, type RunJobOptions, type RunJobResult } from './job';
export {
  modelFiles,
  type CheckpointExtras,
  type ModelFiles,
  type RunJsonFile,
  type RunSink,
} from './run-sink';
