import { promises as fsp } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { writeFileAtomic } from '../fs/atomic-write';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

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
      await writeFileAtomic(path.join(dir, WEIGHTS_BIN), new Uint8Array(weights), { backup: false });
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(metadata ? { userDefinedMetadata: metadata } : {}),
      };
      await writeFileAtomic(path.join(dir, MODEL_JSON), JSON.stringify(json), { backup: false });
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
