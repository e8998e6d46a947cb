// The three reference models of issue 8, hand-written in tfjs-layers (the baseline our trainer is
// compared against), with their training cost in FLOPs for the GFLOP/s column.
import * as tf from '@tensorflow/tfjs';

export type ModelId = 'mlp' | 'cnn' | 'lstm' | 'gru';

export interface ModelSpec {
  id: ModelId;
  label: string;
  /** Shape of one sample as fed to the model. */
  sampleShape: number[];
  build: () => tf.LayersModel;
  /** Multiply-adds ×2 of one forward pass of one sample. */
  forwardFlops: number;
}

const LSTM_UNITS = 64;

export const MODELS: Record<ModelId, ModelSpec> = {
  mlp: {
    id: 'mlp',
    label: 'MLP 784-128-64-10',
    sampleShape: [784],
    build: () =>
      tf.sequential({
        layers: [
          tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu' }),
          tf.layers.dense({ units: 64, activation: 'relu' }),
          tf.layers.dense({ units: 10 }),
        ],
      }),
    forwardFlops: 2 * (784 * 128 + 128 * 64 + 64 * 10),
  },
  cnn: {
    id: 'cnn',
    label: 'CNN conv8(5×5)-pool-conv16(5×5)-pool-dense10',
    sampleShape: [28, 28, 1],
    build: () =>
      tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 5, activation: 'relu' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 10 }),
        ],
      }),
    forwardFlops: 2 * (24 * 24 * 8 * 25 + 8 * 8 * 16 * 25 * 8 + 256 * 10),
  },
  lstm: {
    id: 'lstm',
    label: `LSTM(${LSTM_UNITS}) over 28 rows-dense10`,
    sampleShape: [28, 28],
    build: () =>
      tf.sequential({
        layers: [tf.layers.lstm({ inputShape: [28, 28], units: LSTM_UNITS }), tf.layers.dense({ units: 10 })],
      }),
    forwardFlops: 2 * (28 * 4 * LSTM_UNITS * (28 + LSTM_UNITS) + LSTM_UNITS * 10),
  },
  gru: {
    id: 'gru',
    label: `GRU(${LSTM_UNITS}) over 28 rows-dense10`,
    sampleShape: [28, 28],
    build: () =>
      tf.sequential({
        layers: [tf.layers.gru({ inputShape: [28, 28], units: LSTM_UNITS }), tf.layers.dense({ units: 10 })],
      }),
    forwardFlops: 2 * (28 * 3 * LSTM_UNITS * (28 + LSTM_UNITS) + LSTM_UNITS * 10),
  },
};

/** Training ≈ forward + two backward products per layer; the usual 3× rule. */
export const trainFlopsPerSample = (spec: ModelSpec): number => 3 * spec.forwardFlops;
