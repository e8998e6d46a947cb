/**
 * The port the job driver writes a run folder through. Two adapters: Node fs (the CLI and the
 * workspace services, host/src/fs/run-sink-node.ts) and the HostApi (the app's training worker,
 * renderer/src/worker/runFiles.ts). Names and formats are graph-core's (../runs): a sink only
 * decides where the bytes go.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayersModel } from '@tensorflow/tfjs';
import type { RUN_FILES } from '../runs/files';
import type { OptimizerWeights } from './types';

/** The JSON files of a run folder the driver writes whole. */
export type RunJsonFile =
  typeof RUN_FILES.summary | typeof RUN_FILES.checkpointInfo | typeof RUN_FILES.evaluation;

/** A tfjs layers model as its two files will hold it: model.json's fields and weights.bin's bytes. */
export interface ModelFiles {
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
  format: string;
  generatedBy: string;
  convertedBy: string | null;
  userDefinedMetadata?: { [key: string]: object };
}

export interface RunSink {
  /** One metrics.jsonl line, appended. */
  appendMetrics(line: object): Promise<void>;
  /** Replaces a JSON file of the run, atomically. */
  writeJson(name: RunJsonFile, value: object): Promise<void>;
  /** Replaces model/ or checkpoint/ (model.json + weights.bin). */
  writeModel(folder: 'model' | 'checkpoint', files: ModelFiles): Promise<void>;
}

/** What a checkpoint adds to the model's files: the optimizer's state (tfjs' `optimizer` group) and the epoch. */
export interface CheckpointExtras {
  optimizer: OptimizerWeights | null;
  epoch: number;
  reason: string;
}

/** The model's files as a run folder keeps them, with a checkpoint's extras when given. */
export async function modelFiles(model: LayersModel, extras?: CheckpointExtras): Promise<ModelFiles> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  const artifacts = saved as tf.io.ModelArtifacts | null;
  if (!artifacts || artifacts.modelTopology instanceof ArrayBuffer || !artifacts.modelTopology)
    throw new Error('expected a layers model topology (JSON)');
  const data = artifacts.weightData;
  const own = Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : (data ?? new ArrayBuffer(0));
  const opt = extras?.optimizer?.length ? await tf.io.encodeWeights(extras.optimizer) : null;
  return {
    modelTopology: artifacts.modelTopology,
    weightSpecs: [
      ...(artifacts.weightSpecs ?? []),
      ...(opt?.specs ?? []).map((spec) => ({ ...spec, group: 'optimizer' as const })),
    ],
    weightData: opt ? tf.io.concatenateArrayBuffers([own, opt.data]) : own,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: artifacts.convertedBy ?? null,
    ...(extras && { userDefinedMetadata: { layerloom: { epoch: extras.epoch, reason: extras.reason } } }),
  };
}
