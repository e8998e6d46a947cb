import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeGraph } from '../analysis/analyze';
import { pipeline } from '../analysis/test-graphs';
import { compileGraph } from './index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Found by the catalogue-wide validate ⇒ trains property: tfjs's gradient of unstack assumed at
// least two pieces, so a recurrent layer over a one-step sequence failed the first training step
// ("Argument tensors passed to stack must be a `Tensor[]`") whenever a trainable layer fed it.
describe('recurrent layers over a one-step sequence', () => {
  it.each(['SimpleRNN', 'LSTM', 'GRU', 'Bidirectional'] as const)(
    '%s behind a Dense + Reshape to [1, 2] validates and trains one step',
    async (kind) => {
      const doc = pipeline({ source: 'iris' }, [
        ['grow', 'Dense', { units: 2 }],
        ['seq', 'Reshape', { targetShape: [1, 2] }],
        ['rnn', kind, { units: 3 }],
        ['out', 'Dense', { units: 3, activation: 'softmax' }],
      ]);
      const a = analyzeGraph(doc);
      expect(a.valid).toBe(true);
      const c = compileGraph(doc, { analysis: a });
      c.model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
      const x = tf.ones([2, 4]);
      const y = tf.oneHot(tf.tensor1d([0, 1], 'int32'), 3);
      const before = c.model.getLayer('grow').getWeights()[0]!.dataSync().slice();
      const loss = await c.model.trainOnBatch(x, y);
      expect(Number.isFinite(loss as number)).toBe(true);
      // The gradient reached the layer before the sequence.
      const after = c.model.getLayer('grow').getWeights()[0]!.dataSync();
      expect(Array.from(after)).not.toEqual(Array.from(before));
      c.model.dispose();
    },
  );
});
