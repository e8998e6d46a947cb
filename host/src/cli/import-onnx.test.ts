import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../../graph-core/src/compile';
import { parseProject } from '../../../graph-core/src/document';
import { exportOnnx } from '../../../graph-core/src/onnx';
import type { NamedWeight } from '../../../graph-core/src/weights';
import { makeTempDir } from '../fs/test-dir';
import { main, EXIT } from './main';
import { readProjectFile } from './project';
import { captureConsole, sample } from './testkit';

const tmp = makeTempDir('layerloom-import-onnx-');
afterAll(() => tmp.cleanup());
const at = (...parts: string[]) => path.join(tmp.dir, ...parts);

async function cli(...argv: string[]) {
  const c = captureConsole();
  const code = await main(argv, { console: c, onInterrupt: () => undefined });
  return { code, out: c.stdout(), err: c.stderr() };
}

const parsed = parseProject(readFileSync(sample('iris-mlp'), 'utf8'));
if (!parsed.ok) throw new Error(parsed.error);
const source = parsed.doc;
let weights: NamedWeight[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
  const { model } = compileGraph(source);
  weights = model.weights.map((w) => ({
    name: w.originalName,
    shape: w.shape as number[],
    data: w.read().dataSync() as Float32Array,
  }));
  writeFileSync(at('iris.onnx'), exportOnnx(source, weights));
});

describe('layerloom import of an .onnx file', () => {
  it('dispatches to the ONNX importer and writes a project whose predictions equal the source’s', async () => {
    const out = at('from-onnx.layerloom');
    const r = await cli('import', at('iris.onnx'), '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    // The ONNX importer leaves a non-MNIST input's data to the user (a CSV to choose); the rest is valid.
    expect(r.out).toContain('error   data.path: Dataset "data" needs a CSV file: set its path');
    expect(r.out).toContain('Invalid: 1 error to fix before training.');
    expect(r.out).toContain('Imported iris.onnx: 3 layers, 2 with weights.');
    const read = await readProjectFile(out);
    if (!read.ok) throw new Error(read.error);
    const x = tf.randomNormal([64, 4], 0, 1, 'float32', 3);
    const want = (compileGraph(source, { weights }).model.predict(x) as tf.Tensor).dataSync();
    const got = (compileGraph(read.doc, { weights: read.weights }).model.predict(x) as tf.Tensor).dataSync();
    let worst = 0;
    got.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - want[i]!))));
    expect(got.length).toBe(want.length);
    expect(worst).toBeLessThan(1e-4);
  });

  it('refuses a truncated .onnx file with one line and writes nothing', async () => {
    const bytes = readFileSync(at('iris.onnx'));
    writeFileSync(at('cut.onnx'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    const before = readdirSync(tmp.dir).sort();
    const r = await cli('import', at('cut.onnx'), '--out', at('cut.layerloom'));
    expect(r.code).toBe(EXIT.unreadable);
    expect(r.err).toMatch(/^layerloom: cut\.onnx: .+\n$/);
    expect(readdirSync(tmp.dir).sort()).toEqual(before);
  });
});
