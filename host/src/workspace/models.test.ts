import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestHost, scriptedDialogs } from './test-host';

let host: Awaited<ReturnType<typeof makeTestHost>>;
afterEach(() => host.cleanup());
beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A real tfjs model's artifacts, captured through a save handler. */
async function trainedArtifacts() {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [3], units: 4, activation: 'relu' }),
      tf.layers.dense({ units: 2 }),
    ],
  });
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const input = tf.tensor2d([[0.1, -0.2, 0.3]]);
  const expected = Array.from(await (model.predict(input) as tf.Tensor).data());
  return { artifacts: captured!, expected, input };
}

/** The contract's shape of a captured tfjs save (one weight buffer, as tfjs 4 gives it). */
function asArgs(artifacts: tf.io.ModelArtifacts) {
  return {
    modelTopology: artifacts.modelTopology as Record<string, never>,
    weightSpecs: artifacts.weightSpecs!,
    weightData: artifacts.weightData as ArrayBuffer,
  };
}

describe('model artifacts', () => {
  it('saves a tfjs model into runs/<id>/model/ and loads it back to the same predictions', async () => {
    host = await makeTestHost();
    const { runId } = await host.api.createRun({ projectName: 'p' });
    const { artifacts, expected, input } = await trainedArtifacts();
    const saved = await host.api.saveModelArtifacts({
      runId,
      artifacts: asArgs(artifacts),
    });
    expect(saved.files).toEqual(['model/model.json', 'model/weights.bin']);
    const modelJson = JSON.parse(
      readFileSync(path.join(host.root, 'runs', runId, 'model', 'model.json'), 'utf8'),
    );
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    const loaded = await host.api.loadRunModel({ runId });
    expect(loaded.weightData.buffer.byteLength).toBe((artifacts.weightData as ArrayBuffer).byteLength);
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: loaded.modelTopology,
        weightSpecs: loaded.weightSpecs,
        weightData: loaded.weightData.buffer as ArrayBuffer,
      }),
    );
    expect(Array.from(await (model.predict(input) as tf.Tensor).data())).toEqual(expected);
    expect((await host.api.listRuns({})).runs[0]).toMatchObject({ hasModel: true, hasCheckpoint: false });
  });

  it('refuses weights whose size does not match their specs', async () => {
    host = await makeTestHost();
    const { runId } = await host.api.createRun({ projectName: 'p' });
    await expect(
      host.api.saveModelArtifacts({
        runId,
        folder: 'checkpoint',
        artifacts: {
          modelTopology: {},
          weightSpecs: [{ name: 'w', shape: [2, 2], dtype: 'float32' }],
          weightData: new Uint8Array(3),
        },
      }),
    ).rejects.toMatchObject({ code: 'invalid', message: 'weights are 3 bytes but the specs describe 16' });
  });

  it('refuses a model.json whose weight paths leave the model folder', async () => {
    host = await makeTestHost();
    const { runId } = await host.api.createRun({ projectName: 'p' });
    const { artifacts } = await trainedArtifacts();
    await host.api.saveModelArtifacts({
      runId,
      artifacts: asArgs(artifacts),
    });
    const file = path.join(host.root, 'runs', runId, 'model', 'model.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.weightsManifest[0].paths = ['../../../recent.json'];
    writeFileSync(file, JSON.stringify(json));
    await expect(host.api.loadRunModel({ runId })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('exports weights to exports/ and to a dialog-chosen folder, never overwriting', async () => {
    host = await makeTestHost();
    const { runId } = await host.api.createRun({ projectName: 'p' });
    const { artifacts } = await trainedArtifacts();
    await host.api.saveModelArtifacts({
      runId,
      artifacts: asArgs(artifacts),
    });
    const first = await host.api.exportWeights({ runId, name: 'digits' });
    const second = await host.api.exportWeights({ runId, name: 'digits' });
    expect([path.basename(first!.location), path.basename(second!.location)]).toEqual([
      'digits',
      'digits (2)',
    ]);
    expect(readdirSync(first!.location).sort()).toEqual(['model.json', 'weights.bin']);
    host.ctx.dialogs = scriptedDialogs({ chooseFolder: [host.tmpDir, null] });
    const chosen = await host.api.exportWeights({ runId, dialog: true });
    expect(chosen?.location).toBe(path.join(host.tmpDir, `${runId}-model`));
    expect(await host.api.exportWeights({ runId, dialog: true })).toBeNull();
  });

  it('reports a run without a model as not found', async () => {
    host = await makeTestHost();
    const { runId } = await host.api.createRun({ projectName: 'p' });
    await expect(host.api.loadRunModel({ runId })).rejects.toMatchObject({
      code: 'not_found',
      message: 'this run has no saved model',
    });
  });
});
