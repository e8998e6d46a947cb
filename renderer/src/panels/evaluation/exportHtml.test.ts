import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOfflinePage, runtimeLayers, type ModelParts } from './exportHtml';
import { runChain } from './predictorRuntime';

async function partsOf(model: tf.LayersModel): Promise<ModelParts> {
  let parts: ModelParts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const data = Array.isArray(a.weightData) ? tf.io.concatenateArrayBuffers(a.weightData) : a.weightData!;
      parts = {
        modelTopology: a.modelTopology as Record<string, unknown>,
        weightSpecs: a.weightSpecs as ModelParts['weightSpecs'],
        weightData: new Uint8Array(data),
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return parts!;
}

function cnn(): tf.LayersModel {
  const input = tf.input({ shape: [9, 9, 2] });
  let x = tf.layers
    .conv2d({ name: 'c1', filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' })
    .apply(input) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ name: 'p1', poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers
    .conv2d({ name: 'c2', filters: 4, kernelSize: 2, strides: 2, padding: 'valid' })
    .apply(x) as tf.SymbolicTensor;
  x = tf.layers.averagePooling2d({ name: 'p2', poolSize: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten({ name: 'f' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dropout({ name: 'dr', rate: 0.3 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ name: 'd', units: 5, activation: 'tanh' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ name: 'o', units: 3 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.activation({ name: 'a', activation: 'softmax' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

describe('offline page predictor', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('predicts what tfjs predicts for a small CNN (same/valid padding, strides, pooling)', async () => {
    const model = cnn();
    const chain = runtimeLayers(await partsOf(model));
    if ('error' in chain) throw new Error(chain.error);
    for (let trial = 0; trial < 3; trial++) {
      const x = tf.randomNormal([1, 9, 9, 2], 0, 1, 'float32', trial + 1);
      const expected = (model.predict(x) as tf.Tensor).dataSync();
      const got = runChain(chain.layers, x.dataSync() as Float32Array, chain.inputShape);
      expect(Array.from(got).map((v) => +v.toFixed(5))).toEqual(
        Array.from(expected).map((v) => +v.toFixed(5)),
      );
    }
  });

  it('refuses a model with a layer it cannot run, naming it', async () => {
    const input = tf.input({ shape: [4, 3] });
    const out = tf.layers.lstm({ name: 'rnn', units: 2 }).apply(input) as tf.SymbolicTensor;
    const page = buildOfflinePage('x', await partsOf(tf.model({ inputs: input, outputs: out })), []);
    expect(page).toEqual({ error: expect.stringContaining('"rnn" (LSTM)') });
  });

  it('writes one page with the model inlined and nothing fetched', async () => {
    const page = buildOfflinePage('Digits <1>', await partsOf(cnn()), ['a', 'b', 'c']);
    if ('error' in page) throw new Error(page.error);
    expect(page.html).toContain('Digits &#60;1&#62;');
    expect(page.html).not.toMatch(/<script[^>]+src=|https?:\/\//);
    expect(page.html).toContain("default-src 'none'");
  });
});
