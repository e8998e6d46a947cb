/**
 * Test-only: models built and saved by tfjs itself (the source an import must reproduce), as the
 * model.json text and weight bytes `model.save` writes.
 */
import '../compile/tfjs-setup';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export interface SavedTfjs {
  modelJson: string;
  bin: Uint8Array;
  model: tfl.LayersModel;
}

export async function saveTfjs(model: tfl.LayersModel, shardPath = 'weights.bin'): Promise<SavedTfjs> {
  let modelJson = '';
  let bin = new Uint8Array();
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      bin = new Uint8Array(a.weightData ? tf.io.CompositeArrayBuffer.join(a.weightData) : new ArrayBuffer(0));
      modelJson = JSON.stringify({
        format: a.format,
        generatedBy: a.generatedBy,
        convertedBy: null,
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: [`./${shardPath}`], weights: a.weightSpecs ?? [] }],
      });
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return { modelJson, bin, model };
}

/** Non-trivial batch-norm statistics, so a frozen BN that ignored them would show. */
export function perturbBatchNorm(model: tfl.LayersModel, seed = 5): void {
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    layer.setWeights(
      layer.getWeights().map((w, i) => tf.add(w, tf.randomUniform(w.shape, 0.1, 0.6, 'float32', seed + i))),
    );
  }
}

/** An MLP on iris-shaped input: Dense, BatchNormalization, Dropout, activations as layers. */
export function irisMlp(): tfl.LayersModel {
  const m = tfl.sequential({ name: 'iris_mlp' });
  m.add(tfl.layers.dense({ name: 'hidden', units: 16, activation: 'relu', inputShape: [4] }));
  m.add(tfl.layers.batchNormalization({ name: 'bn' }));
  m.add(tfl.layers.dropout({ name: 'drop', rate: 0.2 }));
  m.add(tfl.layers.dense({ name: 'hidden2', units: 8 }));
  m.add(tfl.layers.leakyReLU({ name: 'leaky', alpha: 0.1 }));
  m.add(tfl.layers.dense({ name: 'hidden3', units: 8, useBias: false }));
  m.add(tfl.layers.elu({ name: 'elu' }));
  m.add(tfl.layers.dense({ name: 'hidden4', units: 8 }));
  m.add(tfl.layers.prelu({ name: 'prelu' }));
  m.add(tfl.layers.dense({ name: 'logits', units: 3 }));
  m.add(tfl.layers.softmax({ name: 'probs' }));
  return m;
}

/** A small CNN on MNIST-shaped input. */
export function mnistCnn(): tfl.LayersModel {
  const m = tfl.sequential({ name: 'mnist_cnn' });
  m.add(
    tfl.layers.conv2d({
      name: 'conv1',
      filters: 4,
      kernelSize: 3,
      activation: 'relu',
      inputShape: [28, 28, 1],
    }),
  );
  m.add(tfl.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }));
  m.add(
    tfl.layers.conv2d({
      name: 'conv2',
      filters: 6,
      kernelSize: [5, 3],
      strides: 2,
      padding: 'same',
      activation: 'tanh',
    }),
  );
  m.add(tfl.layers.averagePooling2d({ name: 'pool2', poolSize: 2, strides: 1 }));
  m.add(tfl.layers.flatten({ name: 'flat' }));
  m.add(tfl.layers.dense({ name: 'out', units: 10, activation: 'softmax' }));
  return m;
}

/** A functional model with branches: two conv towers added, a global pool, a reshape and RNN branches concatenated. */
export function branchyFunctional(): tfl.LayersModel {
  const input = tfl.input({ shape: [28, 28, 1], name: 'image' });
  const stem = tfl.layers
    .conv2d({ name: 'stem', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' })
    .apply(input) as tfl.SymbolicTensor;
  const a = tfl.layers
    .conv2d({ name: 'tower_a', filters: 4, kernelSize: 3, padding: 'same' })
    .apply(stem) as tfl.SymbolicTensor;
  const b = tfl.layers
    .conv2d({ name: 'tower_b', filters: 4, kernelSize: 1, activation: 'sigmoid' })
    .apply(stem) as tfl.SymbolicTensor;
  const sum = tfl.layers.add({ name: 'sum' }).apply([a, b]) as tfl.SymbolicTensor;
  const prod = tfl.layers.multiply({ name: 'gate' }).apply([sum, b]) as tfl.SymbolicTensor;
  const mean = tfl.layers.average({ name: 'mean' }).apply([prod, stem]) as tfl.SymbolicTensor;
  const act = tfl.layers.activation({ name: 'act', activation: 'relu' }).apply(mean) as tfl.SymbolicTensor;
  const pooled = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(act) as tfl.SymbolicTensor;
  const small = tfl.layers.maxPooling2d({ name: 'down', poolSize: 4 }).apply(act) as tfl.SymbolicTensor;
  const seq = tfl.layers.reshape({ name: 'rows', targetShape: [7, 28] }).apply(small) as tfl.SymbolicTensor;
  const lstm = tfl.layers.lstm({ name: 'lstm', units: 5 }).apply(seq) as tfl.SymbolicTensor;
  const gru = tfl.layers
    .gru({ name: 'gru', units: 3, returnSequences: true })
    .apply(seq) as tfl.SymbolicTensor;
  const rnn = tfl.layers.simpleRNN({ name: 'rnn', units: 2 }).apply(gru) as tfl.SymbolicTensor;
  const c1 = tfl.layers
    .conv1d({ name: 'conv1d', filters: 2, kernelSize: 3 })
    .apply(seq) as tfl.SymbolicTensor;
  const c1flat = tfl.layers.flatten({ name: 'c1flat' }).apply(c1) as tfl.SymbolicTensor;
  const joined = tfl.layers
    .concatenate({ name: 'joined' })
    .apply([pooled, lstm, rnn, c1flat]) as tfl.SymbolicTensor;
  const out = tfl.layers
    .dense({ name: 'out', units: 10, activation: 'softmax' })
    .apply(joined) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out, name: 'branchy' });
}

/** The layer kinds imports need beyond the classics, in one functional model on MNIST-shaped input. */
export function modernFunctional(): tfl.LayersModel {
  const input = tfl.input({ shape: [28, 28, 1], name: 'pixels' });
  const apply = (layer: tfl.layers.Layer, x: tfl.SymbolicTensor) => layer.apply(x) as tfl.SymbolicTensor;
  let x = apply(
    tfl.layers.zeroPadding2d({
      name: 'pad',
      padding: [
        [1, 2],
        [0, 1],
      ],
    }),
    input,
  );
  x = apply(tfl.layers.conv2d({ name: 'widen', filters: 3, kernelSize: 3, strides: 2 }), x);
  x = apply(
    tfl.layers.depthwiseConv2d({ name: 'dw', kernelSize: 3, depthMultiplier: 2, padding: 'same' }),
    x,
  );
  x = apply(tfl.layers.reLU({ name: 'relu6', maxValue: 6 }), x);
  x = apply(tfl.layers.separableConv2d({ name: 'sep', filters: 4, kernelSize: 3, activation: 'relu' }), x);
  x = apply(
    tfl.layers.conv2dTranspose({ name: 'up_conv', filters: 3, kernelSize: 3, strides: 2, padding: 'same' }),
    x,
  );
  x = apply(tfl.layers.upSampling2d({ name: 'up', size: [2, 1] }), x);
  x = apply(
    tfl.layers.cropping2D({
      name: 'crop',
      cropping: [
        [2, 1],
        [1, 0],
      ],
    }),
    x,
  );
  x = apply(tfl.layers.layerNormalization({ name: 'ln' }), x);
  const pooled = apply(tfl.layers.globalMaxPooling2d({ name: 'gmp' }), x);
  const seq = apply(tfl.layers.repeatVector({ name: 'repeat', n: 4 }), pooled);
  const bi = apply(
    tfl.layers.bidirectional({
      name: 'bi',
      layer: tfl.layers.lstm({ units: 3, returnSequences: true }) as tfl.RNN,
      mergeMode: 'sum',
    }),
    seq,
  );
  const bi2 = apply(
    tfl.layers.bidirectional({
      name: 'bi2',
      layer: tfl.layers.gru({ units: 2, returnSequences: true }) as tfl.RNN,
    }),
    bi,
  );
  const swapped = apply(tfl.layers.permute({ name: 'swap', dims: [2, 1] }), bi2);
  const gmp1 = apply(tfl.layers.globalMaxPooling1d({ name: 'gmp1' }), swapped);
  const out = apply(tfl.layers.dense({ name: 'out', units: 10, activation: 'softmax' }), gmp1);
  return tfl.model({ inputs: input, outputs: out, name: 'modern' });
}
