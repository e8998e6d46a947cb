import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../../graph-core/src/compile';
import { encodeMnist, loadDataForGraph, type DataIO } from '../../../graph-core/src/data';
import { applyCommand, type CommandArgs, type CommandName } from '../../../graph-core/src/commands';
import type { GraphDocument } from '../../../graph-core/src/document';
import { trainModel } from '../../../graph-core/src/train';
import type { NamedWeight } from '../../../graph-core/src/weights';
import { main } from '../cli/main';
import { saveModelToDir } from '../cli/model-io';
import { readProjectFile } from '../cli/project';
import { captureConsole, ensureDataAsset, ROOT } from '../cli/testkit';
import { makeTempDir } from '../fs/test-dir';

/** The MNIST asset's header (layout in graph-core/src/data/builtin/mnist.ts). */
const MNIST_HEADER_BYTES = 16;

const tmp = makeTempDir('layerloom-finetune-');
afterAll(() => tmp.cleanup());

/** Real MNIST digits whose label passes `keep`, the first `count` of them, as a small MNIST asset. */
function digits(keep: (label: number) => boolean, count: number): Uint8Array {
  const bytes = readFileSync(path.join(ROOT, 'assets', 'datasets', 'mnist.bin'));
  const total = bytes.readUInt32LE(8);
  const px = 28 * 28;
  const labelsAt = MNIST_HEADER_BYTES + total * px;
  const picked: number[] = [];
  for (let i = 0; i < total && picked.length < count; i++) if (keep(bytes[labelsAt + i]!)) picked.push(i);
  const pixels = new Uint8Array(picked.length * px);
  picked.forEach((i, k) =>
    pixels.set(bytes.subarray(MNIST_HEADER_BYTES + i * px, MNIST_HEADER_BYTES + (i + 1) * px), k * px),
  );
  return encodeMnist(
    pixels,
    Uint8Array.from(picked, (i) => bytes[labelsAt + i]!),
  );
}

const ioFor = (asset: Uint8Array): DataIO => ({
  readAsset: async () => asset,
  readFile: () => Promise.reject(new Error('no files in this test')),
});

/** MNIST → conv1 → pool1 → conv2 → pool2 → flat → head (Dense 10). */
function cnn(head: string, frozen: boolean, epochs: number): GraphDocument {
  const layers: [string, string, Record<string, unknown>][] = [
    ['conv1', 'Conv2D', { filters: 4, kernelSize: 3, activation: 'relu' }],
    ['pool1', 'MaxPooling2D', { poolSize: 2 }],
    ['conv2', 'Conv2D', { filters: 8, kernelSize: 3, activation: 'relu' }],
    ['pool2', 'MaxPooling2D', { poolSize: 2 }],
    ['flat', 'Flatten', {}],
    [head, 'Dense', { units: 10, activation: 'softmax' }],
  ];
  const nodes = [
    { id: 'data', type: 'Dataset', params: { source: 'mnist', validationSplit: 0.3, seed: 3 } },
    { id: 'in', type: 'Input', params: {} },
    ...layers.map(([id, type, params]) => ({
      id,
      type,
      params: frozen && type === 'Conv2D' ? { ...params, trainable: false } : params,
    })),
    { id: 'loss', type: 'Loss', params: { loss: 'categoricalCrossentropy' } },
    {
      id: 'opt',
      type: 'Optimizer',
      params: { optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs, seed: 7 },
    },
  ];
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: n.id }));
  return { format: 'layerloom', version: 1, name: 'cnn', nodes, edges } as GraphDocument;
}

async function train(doc: GraphDocument, asset: Uint8Array, weights?: readonly NamedWeight[]) {
  const data = await loadDataForGraph(doc, ioFor(asset));
  const compiled = compileGraph(doc, {
    featureShape: data.featureShape,
    task: data.task,
    ...(weights ? { weights } : {}),
  });
  const result = await trainModel({ compiled, data });
  return { compiled, result };
}

const bitsOf = (model: { weights: { name: string; read(): tf.Tensor }[] }, prefix: string) =>
  model.weights
    .filter((w) => w.name.startsWith(`${prefix}/`))
    .map((w) => Array.from(new Uint32Array(Float32Array.from(w.read().dataSync()).buffer)));

beforeAll(async () => {
  ensureDataAsset();
  await tf.setBackend('cpu');
});

describe('fine-tuning an imported model', () => {
  it('a new head on imported frozen MNIST 0–4 features learns 5–9 better than on random frozen features', async () => {
    // 1. Pretrain on real digits 0–4 and save as a tfjs model.
    const pre = await train(
      cnn('head', false, 3),
      digits((d) => d < 5, 600),
    );
    console.log(
      `pretraining on digits 0–4: val_acc ${pre.result.summary.final.val_acc}, loss ${pre.result.summary.final.loss}`,
    );
    const modelDir = path.join(tmp.dir, 'pretrained');
    await saveModelToDir(pre.compiled.model, modelDir);
    pre.compiled.model.dispose();
    // 2. Import it with the CLI (the tfjs importer): a project plus its weights sidecar.
    const project = path.join(tmp.dir, 'digits.layerloom');
    const c = captureConsole();
    await main(['import', path.join(modelDir, 'model.json'), '--out', project], {
      console: c,
      onInterrupt: () => undefined,
    });
    expect(c.stderr()).toBe('');
    const read = await readProjectFile(project);
    if (!read.ok) throw new Error(read.error);
    expect(read.doc.weights?.nodes).toEqual(['conv1', 'conv2', 'head']);

    // 3. Freeze the features, replace the head (same id: it must start fresh), fine-tune on 5–9.
    let doc = read.doc;
    const edit = <N extends CommandName>(name: N, args: CommandArgs<N>) => {
      doc = applyCommand(doc, name, args).doc;
    };
    for (const id of ['conv1', 'conv2']) edit('setParam', { nodeId: id, name: 'trainable', value: false });
    edit('deleteNodes', { nodeIds: ['head'] });
    edit('addNode', { type: 'Dense', id: 'head', params: { units: 10, activation: 'softmax' } });
    edit('connect', { source: 'flat', target: 'head' });
    edit('connect', { source: 'head', target: 'loss' });
    const settings = {
      dataset: { source: 'mnist', validationSplit: 0.3, seed: 3 },
      optimizer: { epochs: 1, learningRate: 0.01, batchSize: 16, seed: 7 },
    };
    for (const [nodeId, params] of Object.entries(settings))
      for (const [name, value] of Object.entries(params)) edit('setParam', { nodeId, name, value });
    expect(doc.weights?.nodes).toEqual(['conv1', 'conv2']);
    const tuned = doc;
    const fresh = applyCommand(tuned, 'resetWeights', { nodeIds: ['conv1', 'conv2'] }).doc;

    const later = digits((d) => d >= 5, 600);
    const pretrained = new Map(
      read.weights.map((w) => [
        w.name,
        Array.from(new Uint32Array(w.data.buffer, w.data.byteOffset, w.data.length)),
      ]),
    );
    const a = await train(tuned, later, read.weights);
    expect(a.compiled.carried).toEqual(['conv1', 'conv2']);
    for (const id of ['conv1', 'conv2'])
      expect(bitsOf(a.compiled.model, id)).toEqual([
        pretrained.get(`${id}/kernel`),
        pretrained.get(`${id}/bias`),
      ]);
    const b = await train(fresh, later, read.weights);
    expect(b.compiled.carried).toEqual([]);
    const accPretrained = a.result.summary.final.val_acc!;
    const accRandom = b.result.summary.final.val_acc!;
    console.log(
      `fine-tune on digits 5–9, new head, 1 epoch: val_acc ${accPretrained.toFixed(3)} on imported frozen features vs ${accRandom.toFixed(3)} on random frozen features`,
    );
    expect(accPretrained).toBeGreaterThan(accRandom);
    a.compiled.model.dispose();
    b.compiled.model.dispose();
  }, 300_000);
});
