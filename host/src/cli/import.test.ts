import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProject } from '../../../graph-core/src/document';
import * as tfl from '@tensorflow/tfjs-layers';
import { makeTempDir } from '../fs/test-dir';
import { main, EXIT } from './main';
import { saveModelToDir } from './model-io';
import { readProjectFile } from './project';
import { captureConsole } from './testkit';

const tmp = makeTempDir('layerloom-import-');
afterAll(() => tmp.cleanup());
const at = (...parts: string[]) => path.join(tmp.dir, ...parts);

async function cli(...argv: string[]) {
  const c = captureConsole();
  const code = await main(argv, { console: c, onInterrupt: () => undefined });
  return { code, out: c.stdout(), err: c.stderr() };
}

type Json = {
  modelTopology: { config: { layers: { class_name: string; config: { name: string } }[] } };
  weightsManifest: { paths: string[] }[];
};
let modelJson = '';
let bin: Uint8Array = new Uint8Array();
let sourceWeights: { name: string; values: number[] }[] = [];

/** A model folder `name/` holding model.json (optionally changed) and weights.bin. */
function modelDir(name: string, change: (json: Json) => void = () => {}, weights = bin): string {
  mkdirSync(at(name), { recursive: true });
  const json = JSON.parse(modelJson) as Json;
  change(json);
  writeFileSync(at(name, 'model.json'), JSON.stringify(json));
  writeFileSync(at(name, 'weights.bin'), weights);
  return at(name, 'model.json');
}

/** A functional model.json of `n` chained Dense layers, optionally closed into a cycle. */
function chainModel(name: string, n: number, cycle = false): string {
  const layers: object[] = [
    { name: 'in', class_name: 'InputLayer', config: { batch_input_shape: [null, 4] }, inbound_nodes: [] },
  ];
  for (let i = 0; i < n; i++)
    layers.push({
      name: `d${i}`,
      class_name: 'Dense',
      config: { units: 4 },
      inbound_nodes: [[[i === 0 && !cycle ? 'in' : `d${(i + n - 1) % n}`, 0, 0, {}]]],
    });
  const json = {
    modelTopology: {
      class_name: 'Model',
      config: { name, layers, input_layers: [['in', 0, 0]], output_layers: [[`d${n - 1}`, 0, 0]] },
    },
    weightsManifest: [],
  };
  mkdirSync(at(name), { recursive: true });
  writeFileSync(at(name, 'model.json'), JSON.stringify(json));
  return at(name, 'model.json');
}

/** The source: a model tfjs builds and saves itself, with non-trivial batch-norm statistics. */
function irisMlp(): tfl.LayersModel {
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
  const bn = m.getLayer('bn');
  bn.setWeights(bn.getWeights().map((w, i) => tf.add(w, tf.randomUniform(w.shape, 0.1, 0.6, 'float32', i))));
  return m;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  const model = irisMlp();
  await saveModelToDir(model, at('source'));
  modelJson = readFileSync(at('source', 'model.json'), 'utf8');
  bin = new Uint8Array(readFileSync(at('source', 'weights.bin')));
  sourceWeights = model.weights.map((w) => ({
    name: w.originalName,
    values: Array.from(w.read().dataSync()),
  }));
});

describe('layerloom import', () => {
  it('writes a project and its weights sidecar that validate, carry the source weights and train', async () => {
    const out = at('iris.layerloom');
    const r = await cli('import', modelDir('good'), '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain('Valid: ready to train.');
    expect(r.out).toContain('Imported model.json: 12 layers, 7 with weights.');
    expect(readdirSync(at('iris.weights')).sort()).toEqual(['weights.bin', 'weights.json']);
    const read = await readProjectFile(out);
    if (!read.ok) throw new Error(read.error);
    expect(read.doc.weights?.manifest).toBe('iris.weights/weights.json');
    expect(read.weights.map((w) => [w.name, Array.from(w.data)])).toEqual(
      sourceWeights.map((w) => [w.name, w.values]),
    );
    const validate = await cli('validate', out);
    expect(validate.code).toBe(EXIT.ok);
    const train = await cli(
      'train',
      out,
      '--epochs',
      '1',
      '--limit',
      '60',
      '--backend',
      'cpu',
      '--out',
      at('run'),
    );
    expect(train.code).toBe(EXIT.ok);
  }, 60_000);

  const bad: [string, () => string[], number, RegExp | string][] = [
    [
      'a truncated model.json',
      () => {
        const f = modelDir('cut');
        writeFileSync(f, modelJson.slice(0, 200));
        return [f];
      },
      EXIT.unreadable,
      /model\.json is not valid JSON at line \d+, column \d+: .*cut short/,
    ],
    [
      'a shard of the wrong size',
      () => [modelDir('short', undefined, bin.subarray(0, 100))],
      EXIT.unreadable,
      /weight ".*" needs bytes \d+–\d+ but the weight files hold 100/,
    ],
    [
      'a manifest path leaving the model folder',
      () => [modelDir('escape', (j) => (j.weightsManifest[0]!.paths = ['../good/weights.bin']))],
      EXIT.unreadable,
      `weight file path "../good/weights.bin" refused`,
    ],
    [
      'a missing weight file',
      () => [modelDir('nobin', (j) => (j.weightsManifest[0]!.paths = ['other.bin']))],
      EXIT.unreadable,
      /cannot read weight file .*other\.bin: no such file/,
    ],
    [
      'a cyclic graph',
      () => [chainModel('cyclic', 3, true)],
      EXIT.unreadable,
      'model.json: the layers form a cycle ("d0" → "d1" → "d2" → "d0"); a model must flow one way.',
    ],
    [
      'a 10,000-layer model',
      () => [chainModel('huge', 10_000)],
      EXIT.unreadable,
      'model.json has 10,001 layers; Layerloom imports at most 2,000',
    ],
    [
      'a Keras .h5 file',
      () => {
        writeFileSync(at('m.h5'), 'x');
        return [at('m.h5')];
      },
      EXIT.unreadable,
      /convert it to a tfjs layers model first \(tensorflowjs_converter --input_format keras m\.h5 OUT_DIR\)/,
    ],
    [
      'an unknown layer',
      () => [modelDir('lambda', (j) => (j.modelTopology.config.layers[3]!.class_name = 'Lambda'))],
      EXIT.invalid,
      /1 layer\(s\) have no Layerloom node; nothing was written\.\n  Lambda at node 'hidden2': it has no Layerloom node\nRun again with --allow-unsupported/,
    ],
    ['no --out', () => [at('good', 'model.json'), '--no-out'], EXIT.unreadable, 'unknown option --no-out'],
  ];

  it.each(bad)('refuses %s with one clear message and writes nothing', async (_name, args, code, message) => {
    const [model, ...rest] = args();
    const before = readdirSync(tmp.dir).sort();
    const r = await cli('import', model!, '--out', at('bad.layerloom'), ...rest);
    expect(r.code).toBe(code);
    expect(r.err.split('\n')[0]).toMatch(/^layerloom: /);
    if (typeof message === 'string') expect(r.err).toContain(message);
    else expect(r.err).toMatch(message);
    expect(r.out).toBe('');
    expect(readdirSync(tmp.dir).sort()).toEqual(before);
  });

  it('writes placeholder nodes for unknown layers only when asked', async () => {
    const out = at('placeholders.layerloom');
    const model = modelDir('lambda2', (j) => (j.modelTopology.config.layers[3]!.class_name = 'Lambda'));
    const r = await cli('import', model, '--out', out, '--allow-unsupported');
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain("error   hidden2.op: Keras layer Lambda at node 'hidden2' is not supported");
    const doc = parseProject(readFileSync(out, 'utf8'));
    expect(doc.ok && doc.doc.nodes.find((n) => n.id === 'hidden2')?.type).toBe('Unsupported');
  });

  it('refuses to overwrite an existing project or sidecar', async () => {
    const r = await cli('import', at('good', 'model.json'), '--out', at('iris.layerloom'));
    expect(r.code).toBe(EXIT.unreadable);
    expect(r.err).toContain('iris.layerloom already exists; choose another --out or remove it.');
  });
});
