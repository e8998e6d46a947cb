import { promises as fsp } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { MODEL_JSON, WEIGHTS_BIN, writeModelFiles } from '../fs/model-files';

export { MODEL_JSON, WEIGHTS_BIN };

/**
 * Saves in the tfjs layers format (model.json + one weights.bin) that `tf.loadLayersModel` reads
 * anywhere. Both files are replaced atomically, weights first, so model.json never points at
 * weights that are not there yet.
 */
export async function saveModelToDir(
  model: LayersModel,
  dir: string,
  metadata?: Record<string, object>,
): Promise<void> {
  await fsp.mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData
        ? tf.io.CompositeArrayBuffer.join(artifacts.weightData)
        : new ArrayBuffer(0);
      await writeModelFiles(dir, {
        modelTopology: artifacts.modelTopology,
        weightSpecs: artifacts.weightSpecs ?? [],
        weightData: new Uint8Array(weights),
        ...(artifacts.format !== undefined && { format: artifacts.format }),
        ...(artifacts.generatedBy !== undefined && { generatedBy: artifacts.generatedBy }),
        convertedBy: artifacts.convertedBy ?? null,
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(metadata ? { userDefinedMetadata: metadata } : {}),
      });
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          weightDataBytes: weights.byteLength,
        },
      };
    }),
  );
}

/** A Node load handler for a folder written by saveModelToDir (or any tfjs layers export). */
export function dirLoadHandler(dir: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(await fsp.readFile(path.join(dir, MODEL_JSON), 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers = await Promise.all(
          manifest
            .flatMap((group) => group.paths)
            .map(async (p) => {
              const bytes = await fsp.readFile(path.join(dir, p));
              return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
            }),
        );
        return [specs, tf.io.concatenateArrayBuffers(buffers)];
      });
    },
  };
}

export function loadModelFromDir(dir: string): Promise<LayersModel> {
  return tfl.loadLayersModel(dirLoadHandler(dir));
}
