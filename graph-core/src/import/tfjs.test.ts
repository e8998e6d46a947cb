import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../analysis/index';
import { compileGraph } from '../compile/index';
import { parseProject, serializeProject } from '../document/index';
import { importTfjsLayers } from './tfjs';
import { readTfjsModelJson } from './tfjs-topology';
import {
  branchyFunctional,
  irisMlp,
  mnistCnn,
  modernFunctional,
  perturbBatchNorm,
  saveTfjs,
} from './tfjs-testkit';

async function importSaved(model: LayersModel) {
  const saved = await saveTfjs(model);
  return importTfjsLayers(readTfjsModelJson(saved.modelJson), [saved.bin]);
}

const sources: [string, () => LayersModel, number[]][] = [
  ['a sequential MLP (Dense, BatchNormalization, Dropout, LeakyReLU, ELU, PReLU, Softmax)', irisMlp, [4]],
  ['a sequential CNN (Conv2D, pools, Flatten)', mnistCnn, [28, 28, 1]],
  [
    'a functional model with branches (Add, Multiply, Average, Concatenate, LSTM, GRU, SimpleRNN, Conv1D, Reshape)',
    branchyFunctional,
    [28, 28, 1],
  ],
  [
    'the newer kinds (ZeroPadding2D, DepthwiseConv2D, ReLU6, SeparableConv2D, Conv2DTranspose, UpSampling2D, Cropping2D, LayerNormalization, GlobalMaxPooling2D/1D, RepeatVector, Bidirectional LSTM/GRU, Permute)',
    modernFunctional,
    [28, 28, 1],
  ],
];

describe('tfjs layers import', () => {
  it.each(sources)(
    'imports %s: valid, same param count, same predictions on 64 inputs',
    async (_name, make, shape) => {
      const source = make();
      perturbBatchNorm(source);
      const { document, weights, warnings } = await importSaved(source);
      expect(warnings).toEqual([]);
      const analysis = analyzeGraph(document);
      expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(analysis.valid).toBe(true);
      expect(analysis.totalParams).toBe(source.countParams());
      // Through the file format: what is saved is what compiles.
      const reopened = parseProject(serializeProject(document));
      if (!reopened.ok) throw new Error(reopened.error);
      const compiled = compileGraph(reopened.doc, { weights });
      expect(compiled.carried.length).toBe(document.weights?.nodes.length);
      const x = tf.randomNormal([64, ...shape], 0, 1, 'float32', 11);
      const want = (source.predict(x) as tf.Tensor).dataSync();
      const got = (compiled.model.predict(x) as tf.Tensor).dataSync();
      expect(got.length).toBe(want.length);
      let worst = 0;
      got.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - want[i]!))));
      expect(worst).toBeLessThan(1e-4);
    },
  );

  it('wires branches with ordered handles and lays the graph out top to bottom', async () => {
    const { document } = await importSaved(branchyFunctional());
    const into = (id: string) =>
      document.edges.filter((e) => e.target === id).map((e) => [e.source, e.targetHandle]);
    expect(into('joined')).toEqual([
      ['gap', 'in0'],
      ['lstm', 'in1'],
      ['rnn', 'in2'],
      ['c1flat', 'in3'],
    ]);
    const y = (id: string) => document.nodes.find((n) => n.id === id)!.position!.y;
    for (const e of document.edges) expect(y(e.source)).toBeLessThan(y(e.target));
    expect(document.nodes.map((n) => n.type)).toContain('Dataset');
    expect(document.weights?.nodes).toContain('lstm');
  });

  it('keeps a frozen Keras layer frozen', async () => {
    const source = irisMlp();
    source.getLayer('hidden').trainable = false;
    const { document, weights } = await importSaved(source);
    expect(document.nodes.find((n) => n.id === 'hidden')?.params['trainable']).toBe(false);
    expect(document.nodes.find((n) => n.id === 'hidden2')?.params).not.toHaveProperty('trainable');
    const { model } = compileGraph(document, { weights });
    expect(model.getLayer('hidden').trainable).toBe(false);
    expect(analyzeGraph(document).totalParams).toBe(source.countParams());
  });
});
