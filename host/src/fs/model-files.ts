import path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/** What a tfjs layers model saves: its topology, the weight specs and the weights' bytes. */
export interface ModelFiles {
  modelTopology: unknown;
  weightSpecs: readonly unknown[];
  weightData: Uint8Array;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: unknown;
  userDefinedMetadata?: unknown;
}

/**
 * The one model.json writer (tfjs layers format: model.json + one weights.bin that
 * `tf.loadLayersModel` reads anywhere), used by the CLI's export and the workspace's run models.
 * Weights first, model.json last, each atomically: a model.json on disk always has its weights
 * complete beside it. `resolve` places each file (the workspace checks it stays inside the run);
 * `backup` keeps the previous file as `.bak` (atomic-write's option).
 */
export async function writeModelFiles(
  dir: string,
  m: ModelFiles,
  options: { resolve?: (name: string) => Promise<string> | string; backup?: boolean } = {},
): Promise<string[]> {
  const resolve = options.resolve ?? ((name: string) => path.join(dir, name));
  const backup = { backup: options.backup ?? false };
  await writeFileAtomic(await resolve(WEIGHTS_BIN), m.weightData, backup);
  const modelJson = {
    format: m.format ?? 'layers-model',
    generatedBy: m.generatedBy ?? 'Layerloom',
    convertedBy: m.convertedBy ?? null,
    modelTopology: m.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: m.weightSpecs }],
    ...(m.trainingConfig !== undefined && { trainingConfig: m.trainingConfig }),
    ...(m.userDefinedMetadata !== undefined && { userDefinedMetadata: m.userDefinedMetadata }),
  };
  await writeJsonAtomic(await resolve(MODEL_JSON), modelJson, backup);
  return [MODEL_JSON, WEIGHTS_BIN];
}
