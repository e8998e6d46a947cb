import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../fs/test-dir';
import { maxAbsDiff, runOnnx } from '../onnx/testkit';
import { main, EXIT } from './main';
import { loadModelFromDir } from './model-io';
import { captureConsole, sample } from './testkit';

const tmp = makeTempDir('layerloom-export-onnx-');
afterAll(() => tmp.cleanup());
const at = (...parts: string[]) => path.join(tmp.dir, ...parts);

async function cli(...argv: string[]) {
  const c = captureConsole();
  const code = await main(argv, { console: c, onInterrupt: () => undefined });
  return { code, out: c.stdout(), err: c.stderr() };
}

const irisRun = at('iris-run');
beforeAll(async () => {
  const r = await cli('train', sample('iris-mlp'), '--epochs', '2', '--backend', 'cpu', '--out', irisRun);
  expect(r.code).toBe(EXIT.ok);
}, 120_000);

describe('layerloom export --format onnx', () => {
  it('writes model.onnx that onnxruntime-web runs to the run’s own predictions', async () => {
    const out = at('run-onnx');
    const r = await cli('export', irisRun, '--format', 'onnx', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/as onnx to .*run-onnx\n {2}model\.onnx\n$/);
    const trained = await loadModelFromDir(path.join(irisRun, 'model'));
    const x = Float32Array.from({ length: 64 * 4 }, (_, i) => ((i * 37) % 17) / 4 - 2);
    const want = (trained.predict(tf.tensor(x, [64, 4])) as tf.Tensor).dataSync() as Float32Array;
    const got = await runOnnx(new Uint8Array(readFileSync(path.join(out, 'model.onnx'))), x, [64, 4]);
    expect(maxAbsDiff(got, want)).toBeLessThan(1e-5);
  });

  it('exits 1 naming the node, the field and the fix when ONNX cannot express the graph', async () => {
    const doc = JSON.parse(readFileSync(sample('mnist-lstm'), 'utf8')) as {
      nodes: { type: string; params: Record<string, unknown> }[];
    };
    doc.nodes.find((n) => n.type === 'LSTM')!.params['activation'] = 'selu';
    const file = at('selu-lstm.layerloom');
    writeFileSync(file, JSON.stringify(doc));
    const r = await cli('export', file, '--format', 'onnx', '--out', at('selu'));
    expect(r.code).toBe(EXIT.invalid);
    expect(r.err).toMatch(/cannot export as onnx: LSTM "lstm": ONNX LSTM cannot apply selu/);
    expect(r.err).toMatch(/node lstm, field activation: choose tanh, sigmoid/);
  });
});
