import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HostApi, OpArgs, OpResult } from '../../../host/src/contract';
import { modelFiles, type OptimizerWeights } from '../../../graph-core/src/train';
import { hostRunSink, loadCheckpointInto } from './runFiles';

/** What the job driver does at a checkpoint, through the app's sink. */
async function checkpoint(
  host: HostApi,
  model: tf.LayersModel,
  epoch: number,
  reason: string,
  optimizer: OptimizerWeights | null,
) {
  await hostRunSink(host, 'run-1').writeModel(
    'checkpoint',
    await modelFiles(model, { optimizer, epoch, reason }),
  );
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Keeps what the writer sends, the way the workspace would hand it back from loadRunModel. */
function recordingHost() {
  const saved: { artifacts?: OpResult<'loadRunModel'>; files: Record<string, string> } = { files: {} };
  const host = {
    saveModelArtifacts: async (args: OpArgs<'saveModelArtifacts'>) => {
      saved.artifacts = { ...args.artifacts, weightData: new Uint8Array(args.artifacts.weightData) };
      return { files: [], bytes: args.artifacts.weightData.byteLength };
    },
    writeRunFile: async (args: OpArgs<'writeRunFile'>) => {
      saved.files[args.name] = args.content;
      return { written: args.name };
    },
  } as unknown as HostApi;
  return { host, saved };
}

function model(): tf.LayersModel {
  const m = tf.sequential({
    layers: [
      tf.layers.dense({ name: 'd1', inputShape: [3], units: 4, activation: 'relu' }),
      tf.layers.dense({ name: 'd2', units: 2 }),
    ],
  });
  return m;
}

/** A few Adam steps, so the optimizer has moments to save. */
function stepped(m: tf.LayersModel): tf.Optimizer {
  const optimizer = tf.train.adam(0.01);
  const x = tf.randomNormal([5, 3], 0, 1, 'float32', 1);
  for (let i = 0; i < 3; i++)
    tf.dispose(optimizer.minimize(() => tf.mean(tf.square(m.apply(x) as tf.Tensor)) as tf.Scalar, true)!);
  x.dispose();
  return optimizer;
}

describe('checkpoints', () => {
  it('round-trip the model weights, the optimizer state and the epoch', async () => {
    const source = model();
    const optimizer = stepped(source);
    const { host, saved } = recordingHost();
    await checkpoint(host, source, 7, 'interval', await optimizer.getWeights());

    const target = model();
    const restored = loadCheckpointInto(target, saved.artifacts!);
    expect(restored.epoch).toBe(7);
    const expected = await optimizer.getWeights();
    expect(restored.optimizerWeights.map((w) => w.name)).toEqual(expected.map((w) => w.name));
    for (let i = 0; i < expected.length; i++)
      expect(Array.from(await restored.optimizerWeights[i]!.tensor.data())).toEqual(
        Array.from(await expected[i]!.tensor.data()),
      );
    for (let i = 0; i < source.weights.length; i++)
      expect(Array.from(target.getWeights()[i]!.dataSync())).toEqual(
        Array.from(source.getWeights()[i]!.dataSync()),
      );
    tf.dispose(restored.optimizerWeights.map((w) => w.tensor));
    optimizer.dispose();
  });

  it('stay loadable by tf.loadLayersModel, which sets the optimizer weights aside', async () => {
    const source = model();
    const optimizer = stepped(source);
    const { host, saved } = recordingHost();
    await checkpoint(host, source, 2, 'stop', await optimizer.getWeights());
    const a = saved.artifacts!;
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({ ...a, weightData: a.weightData.slice().buffer }),
    );
    const x = tf.ones([1, 3]);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(
      Array.from((source.predict(x) as tf.Tensor).dataSync()),
    );
    optimizer.dispose();
  });

  it('without saved epoch or optimizer state (older checkpoints) still restore the weights', async () => {
    const source = model();
    const { host, saved } = recordingHost();
    await checkpoint(host, source, 1, 'stop', null);
    const a = saved.artifacts!;
    const restored = loadCheckpointInto(model(), { ...a, userDefinedMetadata: undefined });
    expect(restored).toEqual({ epoch: null, optimizerWeights: [] });
  });

  it('name the missing weights when the graph changed since', () => {
    const other = tf.sequential({ layers: [tf.layers.dense({ name: 'zz', inputShape: [3], units: 1 })] });
    const specsOnly = { modelTopology: {}, weightSpecs: [], weightData: new Uint8Array(0) };
    expect(() => loadCheckpointInto(other, specsOnly)).toThrow(/lacks weights zz\/kernel/);
  });
});
