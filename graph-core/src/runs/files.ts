/**
 * The run folder, one layout for the CLI and the app (docs/HOST.md "A run folder"). The version
 * is written into meta.json (`runFormat`); folders written before it existed read as version 0.
 */
export const RUN_FORMAT_VERSION = 1;

/** Every file and folder of a run, by role. Paths are relative to the run folder, `/`-separated. */
export const RUN_FILES = {
  /** name, tags, note, project, sweep, createdAt, runFormat (editable in the Runs panel). */
  meta: 'meta.json',
  /** The exact graph that was trained. */
  graph: 'graph.layerloom',
  /** One JSON line per epoch; a line torn by a crash is skipped. */
  metrics: 'metrics.jsonl',
  /** status, backend, duration, final metrics: rewritten as the run goes and at its end. */
  summary: 'summary.json',
  /** The trained model: a tfjs layers model (model.json + weights.bin). */
  model: 'model',
  /** The latest checkpoint, same format, with the optimizer's state, for continuing a run. */
  checkpoint: 'checkpoint',
  /** When and why the latest checkpoint was taken. */
  checkpointInfo: 'checkpoint.json',
  /** Confusion matrix, per-class results, samples, histograms; when computed. */
  evaluation: 'evaluation.json',
} as const;

/** tfjs' file inside a model folder (`model/model.json`, `checkpoint/model.json`). */
export const MODEL_JSON = 'model.json';
/** tfjs' weights file beside it. */
export const WEIGHTS_BIN = 'weights.bin';

export const modelJsonPath = (folder: 'model' | 'checkpoint') => `${RUN_FILES[folder]}/${MODEL_JSON}`;
