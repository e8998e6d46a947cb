import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { NamedWeight } from '../weights/named';
import { compileGraph } from './index';
import { chainGraph } from './testGraphs';

const doc = () => {
  const d = chainGraph({
    inputShape: [4],
    layers: [
      ['Dense', { units: 5, activation: 'relu' }, 'hidden'],
      ['BatchNormalization', {}, 'bn'],
      ['Dense', { units: 3, activation: 'softmax' }, 'out'],
    ],
  });
  d.version = 2;
  return d;
};

/** Weights of a model compiled from another seed: what an import would carry. */
function donorWeights(): NamedWeight[] {
  const donor = doc();
  donor.nodes.find((n) => n.id === 'opt')!.params['seed'] = 99;
  const { model } = compileGraph(donor);
  const bn = model.getLayer('bn');
  bn.setWeights(bn.getWeights().map((w) => tf.add(w, tf.randomUniform(w.shape, 0.1, 0.5, 'float32', 3))));
  return model.weights.map((v) => ({
    name: v.originalName,
    shape: v.shape as number[],
    data: v.read().dataSync() as Float32Array,
  }));
}

const predict = (model: ReturnType<typeof compileGraph>['model'], x: tf.Tensor) =>
  Array.from((model.predict(x) as tf.Tensor).dataSync());

describe('carried weights', () => {
  it('starts the listed layers from the carried weights and predicts as their source', () => {
    const weights = donorWeights();
    const withWeights = doc();
    withWeights.weights = { manifest: 'x.weights/weights.json', nodes: ['hidden', 'bn', 'out'] };
    const compiled = compileGraph(withWeights, { weights });
    expect(compiled.carried).toEqual(['hidden', 'bn', 'out']);
    const donor = doc();
    donor.nodes.find((n) => n.id === 'opt')!.params['seed'] = 99;
    const source = compileGraph(donor).model;
    source.setWeights(weights.map((w) => tf.tensor(w.data, [...w.shape])));
    const x = tf.randomNormal([64, 4], 0, 1, 'float32', 7);
    const got = predict(compiled.model, x);
    const want = predict(source, x);
    got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-6));
  });

  it('leaves a node that is not listed (reset) at its fresh initialisation', () => {
    const weights = donorWeights();
    const partial = doc();
    partial.weights = { manifest: 'w', nodes: ['hidden'] };
    const compiled = compileGraph(partial, { weights });
    const fresh = compileGraph(doc());
    const kernel = (m: typeof fresh.model, id: string) =>
      Array.from(m.getLayer(id).getWeights()[0]!.dataSync());
    expect(kernel(compiled.model, 'hidden')).toEqual(Array.from(weights[0]!.data));
    expect(kernel(compiled.model, 'out')).toEqual(kernel(fresh.model, 'out'));
  });

  it('names the node and the shapes when the layer changed since the import', () => {
    const weights = donorWeights();
    const changed = doc();
    changed.nodes.find((n) => n.id === 'out')!.params['units'] = 2;
    changed.weights = { manifest: 'w', nodes: ['out'] };
    expect(() => compileGraph(changed, { weights })).toThrow(
      'Dense "out": imported kernel has shape [5, 3] but the layer now needs [5, 2]; reset its weights to start it fresh.',
    );
  });

  it('refuses a listed node whose weights are not carried', () => {
    const listed = doc();
    listed.weights = { manifest: 'w', nodes: ['out'] };
    expect(() => compileGraph(listed, { weights: [] })).toThrow(
      'Dense "out" is marked as imported but the weights file has none for it',
    );
  });
});
