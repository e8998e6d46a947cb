import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { analyzeGraph, type AnalysisContext } from '../../../graph-core/src/analysis';
import { compileGraph } from '../../../graph-core/src/compile';
import { decodeMnist, type Dataset } from '../../../graph-core/src/data';
import type { GraphDocument } from '../../../graph-core/src/document';
import { importOnnx } from '../../../graph-core/src/onnx';
import type { NamedWeight } from '../../../graph-core/src/weights';
import { setModelWeights } from '../export/model-weights';
import { findPython } from '../testing/python';
import { afterAll, expect } from 'vitest';
import { ensureDataAsset, ROOT, sample } from '../cli/testkit';

/** The graph of an app sample, read as the app reads it. */
export function loadSample(name: string): GraphDocument {
  return JSON.parse(readFileSync(sample(name), 'utf8')) as GraphDocument;
}

let mnist: Dataset | null = null;
export function mnistData(): Dataset {
  if (!mnist) {
    ensureDataAsset();
    mnist = decodeMnist(new Uint8Array(readFileSync(path.join(ROOT, 'assets', 'datasets', 'mnist.bin'))));
  }
  return mnist;
}

/** `count` MNIST samples starting at `from`, as [count, 28, 28, 1] plus one-hot labels. */
export function mnistBatch(from: number, count: number): { x: Float32Array; y: Float32Array } {
  const ds = mnistData();
  const x = ds.x.slice(from * 784, (from + count) * 784);
  const y = new Float32Array(count * 10);
  for (let i = 0; i < count; i++) y[i * 10 + ds.y[from + i]!] = 1;
  return { x, y };
}

/** The weights of a tfjs model as Layerloom saves them (`<node id>/<weight>`). */
export function namedWeights(model: tf.LayersModel): NamedWeight[] {
  return model.weights.map((w) => ({
    name: w.originalName,
    shape: w.shape as number[],
    data: Float32Array.from(w.read().dataSync()),
  }));
}

/**
 * Compiles a graph and, when `train` is given, fits it briefly (1 epoch) so the weights are the
 * product of training, not of initialisation.
 */
export async function compiledModel(
  doc: GraphDocument,
  train?: { x: Float32Array; y: Float32Array; shape: number[]; epochs?: number },
  featureShape?: number[],
): Promise<tf.LayersModel> {
  const compiled = compileGraph(doc, featureShape ? { featureShape } : {});
  if (train) {
    const n = train.y.length / compiled.outputUnits;
    compiled.model.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy' });
    const x = tf.tensor(train.x, [n, ...train.shape]);
    const y = tf.tensor(train.y, [n, compiled.outputUnits]);
    await compiled.model.fit(x, y, { epochs: train.epochs ?? 1, batchSize: 32, verbose: 0 });
    tf.dispose([x, y]);
  }
  return compiled.model;
}

/** Analysis facts for the test graphs' csv Dataset nodes: samples of `shape`, 3 classes unless said. */
export function csvContext(shape: number[], numClasses = 3): AnalysisContext {
  return { datasetInfo: () => ({ featureShape: shape, numClasses, task: 'classification' }) };
}

export function predictTfjs(model: tf.LayersModel, x: Float32Array, dims: number[]): Float32Array {
  return tf.tidy(() => Float32Array.from((model.predict(tf.tensor(x, dims)) as tf.Tensor).dataSync()));
}

export async function runOnnx(bytes: Uint8Array, x: Float32Array, dims: number[]): Promise<Float32Array> {
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', x, dims) });
    return Float32Array.from(out[session.outputNames[0]!]!.data as Float32Array);
  } finally {
    await session.release();
  }
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

/**
 * An ONNX file imported as the app imports one (beside a CSV dataset), checked to come in without
 * warnings and to validate without errors, then compiled with its weights and run by tfjs and by
 * onnxruntime on `sineBatch(dims)` (dims channels first, as the file's input).
 */
export async function importAndPredict(bytes: Uint8Array, dims: readonly number[], numClasses: number) {
  const { document, weights, warnings } = importOnnx(bytes, {
    dataset: { source: 'csv', path: 'data.csv' },
  });
  expect(warnings).toEqual([]);
  const shape = document.nodes.find((n) => n.type === 'Input')!.params['shape'] as number[];
  const analysis = analyzeGraph(document, csvContext(shape, numClasses));
  expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const model = compileGraph(document, { featureShape: shape }).model;
  try {
    setModelWeights(model, weights);
    const x = sineBatch(dims);
    const tfjs = predictTfjs(model, toChannelsLast(x, dims), [dims[0]!, ...shape]);
    const onnx = await runOnnx(bytes, x, [...dims]);
    return { document, analysis, tfjs, vsOnnx: maxAbsDiff(tfjs, onnx) };
  } finally {
    model.dispose();
  }
}

/** Runs a Python snippet with the interpreter findPython chose; its stdout (throws with stderr). */
export function python(interpreter: string, code: string, args: string[] = []): string {
  return execFileSync(interpreter, ['-c', code, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Adds seeded noise to every weight, so zero biases and unit gammas cannot hide a layout mistake. */
export function perturb(model: tf.LayersModel): void {
  let s = 11;
  const rand = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  const next = model.getWeights().map((w) => {
    const data = Float32Array.from(w.dataSync(), (v) => v + (rand() - 0.5) * 0.6);
    return tf.tensor(data, w.shape);
  });
  model.setWeights(next);
  tf.dispose(next);
}

/**
 * What every fixture script starts with: imports, a fixed seed, `out` (the folder, argv[1]),
 * `export(model, shape, name, opset=13)` (torch.onnx.export with input x, output y and a dynamic
 * batch N; returns the loaded file) and `float_params(m)` (the float values its initializers hold).
 */
const TORCH_PRELUDE = `
import json, math, sys, numpy, onnx, torch
from torch import nn
torch.manual_seed(0)
out = sys.argv[1]

def export(model, shape, name, opset=13):
    path = f'{out}/{name}.onnx'
    torch.onnx.export(model, torch.randn(*shape), path, opset_version=opset, input_names=['x'],
                      output_names=['y'], dynamic_axes={'x': {0: 'N'}, 'y': {0: 'N'}})
    return onnx.load(path)

def float_params(m):
    return sum(int(numpy.prod(t.dims)) for t in m.graph.initializer if t.data_type == 1)
`;

/**
 * ONNX files a Python script writes at test time (torch.onnx.export): runs `script` after
 * TORCH_PRELUDE with the Python that imports `modules`, `out` a fresh folder removed after the
 * file's tests, and parses the JSON of its last stdout line. `skip` says why nothing ran.
 */
export function pythonFixtures<T>(
  script: string,
  modules: readonly string[] = ['torch', 'onnx'],
): { skip: string | null; fixtures: T; dir: string; load(name: string): Uint8Array } {
  const found = findPython(modules);
  const dir = mkdtempSync(path.join(tmpdir(), 'layerloom-onnx-fixtures-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fixtures =
    'python' in found
      ? (JSON.parse(
          python(found.python, TORCH_PRELUDE + script, [dir])
            .trim()
            .split('\n')
            .pop()!,
        ) as T)
      : ({} as T);
  return {
    skip: 'missing' in found ? found.missing : null,
    fixtures,
    dir,
    load: (name) => new Uint8Array(readFileSync(path.join(dir, `${name}.onnx`))),
  };
}

/** The same inputs for every imported model: sin(0.37 i)·1.5, a batch of `dims` (channels first). */
export function sineBatch(dims: readonly number[]): Float32Array {
  return Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 0.37) * 1.5);
}

/** NCHW → NHWC for a batch laid out as `dims` (rank 4), or unchanged for other ranks. */
export function toChannelsLast(x: Float32Array, dims: readonly number[]): Float32Array {
  if (dims.length !== 4) return x;
  return tf.tidy(() =>
    Float32Array.from(
      tf
        .tensor(x, [...dims])
        .transpose([0, 2, 3, 1])
        .dataSync(),
    ),
  );
}
