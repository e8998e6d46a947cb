/** Predictions from a saved run's model, for the Predict panel (cpu: one sample needs no GPU). */
import * as tf from '@tensorflow/tfjs';
import type { HostApi } from '../../../host/src/contract';
import type { MainToWorker, WorkerToMain } from './protocol';

const models = new Map<string, Promise<tf.LayersModel>>();

async function loadModel(host: HostApi, runId: string): Promise<tf.LayersModel> {
  const a = await host.loadRunModel({ runId, folder: 'model' });
  const bytes = a.weightData;
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: a.modelTopology,
      weightSpecs: a.weightSpecs as tf.io.WeightsManifestEntry[],
      weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    }),
  );
}

export async function predict(
  message: Extract<MainToWorker, { type: 'predict' }>,
  host: HostApi,
): Promise<WorkerToMain> {
  const { requestId, runId, pixels } = message;
  try {
    if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
    let pending = models.get(runId);
    if (!pending) {
      pending = loadModel(host, runId);
      models.set(runId, pending);
      pending.catch(() => models.delete(runId));
    }
    const model = await pending;
    const shape = model.inputs[0]!.shape.slice(1) as number[];
    const size = shape.reduce((a, b) => a * b, 1);
    if (size !== pixels.length) {
      return {
        type: 'predicted',
        requestId,
        probabilities: null,
        error: `this model takes ${size} values per sample (${shape.join('×')}), not ${pixels.length}`,
      };
    }
    const out = tf.tidy(() => model.predict(tf.tensor(pixels, [1, ...shape])) as tf.Tensor);
    const values = Array.from(await out.data());
    out.dispose();
    const probabilities = values.length === 1 ? [1 - values[0]!, values[0]!] : values;
    return { type: 'predicted', requestId, probabilities };
  } catch (error) {
    return { type: 'predicted', requestId, probabilities: null, error: (error as Error).message };
  }
}
