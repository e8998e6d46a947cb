import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProject } from '../../../graph-core/src/document';
import type { GraphDocument } from '../../../graph-core/src/document';
import { makeTempDir } from '../fs/test-dir';
import { main, EXIT } from './main';
import { loadModelFromDir } from './model-io';
import { nodeDataIO } from './node-io';
import { readProjectFile } from './project';
import { RUN_FILES } from '../../../graph-core/src/runs';
import { applyOverrides, trainToRunFolder } from './run-training';
import { captureConsole, ensureDataAsset, sample } from './testkit';

const tmp = makeTempDir('layerloom-train-');
beforeAll(() => ensureDataAsset());
afterAll(() => tmp.cleanup());

const FINAL_KEYS = ['acc', 'loss', 'val_acc', 'val_loss'];
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

async function loadSample(name: string): Promise<GraphDocument> {
  const r = await readProjectFile(sample(name));
  if (!r.ok) throw new Error(r.error);
  return r.doc;
}

describe('layerloom train', () => {
  it('trains the MNIST MLP sample to ≥ 0.85 validation accuracy in 2 epochs on 4,000 digits (cpu) and writes the run folder', async () => {
    const out = path.join(tmp.dir, 'mnist');
    const c = captureConsole();
    const code = await main(
      ['train', sample('mnist-mlp'), '--epochs', '2', '--limit', '4000', '--backend', 'cpu', '--out', out],
      { console: c, onInterrupt: () => undefined },
    );
    expect(c.stderr()).toContain('Epoch 2/2');
    expect(code).toBe(EXIT.ok);
    const summary = readJson(path.join(out, RUN_FILES.summary));
    expect(summary).toMatchObject({ status: 'completed', backend: 'cpu', totalParams: 101_770, epochs: 2 });
    expect(typeof summary['durationMs']).toBe('number');
    const final = summary['final'] as Record<string, number>;
    expect(Object.keys(final).sort()).toEqual(FINAL_KEYS);
    expect(final['val_acc']).toBeGreaterThanOrEqual(0.85);

    const lines = readFileSync(path.join(out, RUN_FILES.metrics), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    for (const line of lines)
      expect(Object.keys(line)).toEqual(expect.arrayContaining([...FINAL_KEYS, 'epoch']));
    expect(lines[1]!['val_acc']).toBe(final['val_acc']);

    const snapshot = parseProject(readFileSync(path.join(out, RUN_FILES.graph), 'utf8'));
    expect(snapshot.ok && snapshot.doc.nodes.find((n) => n.type === 'Dataset')?.params['limit']).toBe(4000);
    expect(existsSync(path.join(out, RUN_FILES.model, 'model.json'))).toBe(true);
  });

  it('saves a model that tf.loadLayersModel loads and that predicts exactly what the trained model predicted', async () => {
    const doc = applyOverrides(await loadSample('iris-mlp'), { epochs: 3 });
    const runDir = path.join(tmp.dir, 'iris');
    const probe = tf.tensor2d([5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3, 5.9, 3.0, 4.2, 1.5], [3, 4]);
    let trained: Float32Array | null = null;
    const { summary } = await trainToRunFolder({
      doc,
      runDir,
      io: nodeDataIO(path.dirname(sample('iris-mlp'))),
      backend: 'cpu',
      onFinished: async (model) => {
        trained = (model.predict(probe) as tf.Tensor).dataSync() as Float32Array;
      },
    });
    expect(summary.status).toBe('completed');
    const loaded = await loadModelFromDir(path.join(runDir, RUN_FILES.model));
    const again = (loaded.predict(probe) as tf.Tensor).dataSync();
    expect(Array.from(again)).toEqual(Array.from(trained!));
    expect(loaded.layers.map((l) => l.name)).toEqual(
      expect.arrayContaining(doc.nodes.filter((n) => n.type === 'Dense').map((n) => n.id)),
    );
    loaded.dispose();
    probe.dispose();
  });

  it('gives identical metrics for the same --seed and different ones for another', async () => {
    // Sequential on purpose: the backend is process-wide.
    const runs = [3, 3, 4].map((seed, i) => ({ seed, out: path.join(tmp.dir, `seed-${i}`) }));
    const finals = [];
    for (const { seed, out } of runs) {
      expect(
        await main(
          [
            'train',
            sample('iris-mlp'),
            '--epochs',
            '2',
            '--seed',
            String(seed),
            '--backend',
            'cpu',
            '--out',
            out,
          ],
          { console: captureConsole(), onInterrupt: () => undefined },
        ),
      ).toBe(EXIT.ok);
      finals.push(readJson(path.join(out, RUN_FILES.summary))['final']);
    }
    expect(finals[1]).toEqual(finals[0]);
    expect(finals[2]).not.toEqual(finals[0]);
  });

  it('ends as stopped (exit 130) when interrupted, still writing the run folder', async () => {
    const out = path.join(tmp.dir, 'stopped');
    const c = captureConsole();
    const code = await main(['train', sample('iris-mlp'), '--backend', 'cpu', '--out', out], {
      console: c,
      onInterrupt: (stop) => stop(),
    });
    expect(code).toBe(EXIT.interrupted);
    expect(readJson(path.join(out, RUN_FILES.summary))['status']).toBe('stopped');
    expect(existsSync(path.join(out, RUN_FILES.metrics))).toBe(true);
  });

  it('ends as diverged (exit 1) with advice for a huge learning rate', async () => {
    const doc = JSON.parse(readFileSync(sample('iris-mlp'), 'utf8')) as GraphDocument;
    for (const n of doc.nodes)
      if (n.type === 'Optimizer') n.params = { ...n.params, optimizer: 'sgd', learningRate: 10 };
    for (const n of doc.nodes) if (n.type === 'Loss') n.params = { loss: 'meanSquaredError' };
    for (const n of doc.nodes) if (n.type === 'Dense') n.params = { ...n.params, activation: 'linear' };
    const file = path.join(tmp.dir, 'hot.layerloom');
    writeFileSync(file, JSON.stringify(doc));
    const c = captureConsole();
    const code = await main(
      ['train', file, '--backend', 'cpu', '--epochs', '5', '--out', path.join(tmp.dir, 'hot')],
      { console: c, onInterrupt: () => undefined },
    );
    expect(c.stdout()).toMatch(/Run diverged/);
    expect(c.stdout()).toMatch(/Lower the learning rate/);
    expect(code).toBe(EXIT.invalid);
  });

  it('refuses an invalid graph with the table on stderr and exit 1, training nothing', async () => {
    const doc = JSON.parse(readFileSync(sample('iris-mlp'), 'utf8')) as GraphDocument;
    doc.nodes = doc.nodes.map((n) => (n.type === 'Dense' ? { ...n, params: { ...n.params, units: 0 } } : n));
    const file = path.join(tmp.dir, 'invalid.layerloom');
    writeFileSync(file, JSON.stringify(doc));
    const c = captureConsole();
    const out = path.join(tmp.dir, 'invalid-run');
    expect(await main(['train', file, '--out', out], { console: c, onInterrupt: () => undefined })).toBe(
      EXIT.invalid,
    );
    expect(c.stderr()).toMatch(/has errors; nothing was trained/);
    expect(existsSync(out)).toBe(false);
  });
});
