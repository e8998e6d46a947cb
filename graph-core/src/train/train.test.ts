import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../compile/index';
import { chainGraph } from '../compile/testGraphs';
import type { GraphDocument } from '../document/types';
import { loadDataForGraph, type DataIO } from '../data/pipeline';
import { trainModel } from './loop';
import type { TrainOptions } from './types';

const noFiles: DataIO = {
  readAsset: () => Promise.reject(new Error('no assets in this test')),
  readFile: () => Promise.reject(new Error('no files in this test')),
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const irisMlp = (
  optimizer: Record<string, number | string | null> = {},
  dataset: Record<string, number | string> = {},
) =>
  chainGraph({
    dataset: { source: 'iris', validationSplit: 0.2, ...dataset },
    layers: [
      ['Dense', { units: 16, activation: 'relu' }],
      ['Dropout', { rate: 0.2 }],
      ['Dense', { units: 3, activation: 'softmax' }],
    ],
    optimizer: { learningRate: 0.05, batchSize: 16, epochs: 3, ...optimizer },
  });

async function run(doc: GraphDocument, extra: Partial<TrainOptions> = {}) {
  const data = await loadDataForGraph(doc, noFiles);
  const compiled = compileGraph(doc, { featureShape: data.featureShape, task: data.task });
  const before = tf.memory().numTensors;
  const result = await trainModel({ compiled, data, ...extra });
  const leaked = tf.memory().numTensors - before;
  compiled.model.dispose();
  return { ...result, leaked };
}

describe('trainModel', () => {
  it('gives identical metrics for the same seed on cpu, and different ones for another seed', async () => {
    const a = await run(irisMlp({ seed: 5 }));
    const b = await run(irisMlp({ seed: 5 }));
    const c = await run(irisMlp({ seed: 6 }));
    expect(a.summary.status).toBe('completed');
    expect(a.history).toHaveLength(3);
    const strip = (h: typeof a.history) =>
      h.map(({ loss, acc, val_loss, val_acc }) => ({ loss, acc, val_loss, val_acc }));
    expect(strip(b.history)).toEqual(strip(a.history));
    expect(strip(c.history)).not.toEqual(strip(a.history));
  });

  it('returns tf.memory().numTensors to its baseline', async () => {
    const { leaked, summary } = await run(irisMlp({}, { testSplit: 0.2 }), {
      onBatchEnd: () => undefined,
      checkpointEvery: 1,
      onCheckpoint: async () => undefined,
    });
    expect(summary.status).toBe('completed');
    expect(leaked).toBe(0);
  });

  it('learns the spiral-free easy case: iris reaches 80% validation accuracy', async () => {
    const { summary } = await run(irisMlp({ epochs: 30, learningRate: 0.02 }));
    expect(summary.final.val_acc).toBeGreaterThanOrEqual(0.8);
    expect(summary.final.loss).toBeLessThan(1.0);
  });

  it('honours a stop request within one batch', async () => {
    let batches = 0;
    const { summary, leaked } = await run(irisMlp({ batchSize: 4, epochs: 5 }), {
      onBatchEnd: () => {
        batches++;
      },
      shouldStop: () => batches >= 7,
    });
    expect(summary.status).toBe('stopped');
    expect(batches).toBe(7);
    expect(leaked).toBe(0);
  });

  it('honours an aborted signal before the first batch', async () => {
    const { summary } = await run(irisMlp(), { signal: { aborted: true } });
    expect(summary.status).toBe('stopped');
    expect(summary.epochs).toBe(0);
  });

  it('ends as diverged, with advice, when the loss becomes NaN or infinite', async () => {
    const doc = chainGraph({
      dataset: { source: 'iris' },
      layers: [
        ['Dense', { units: 16, activation: 'relu' }],
        ['Dense', { units: 3 }],
      ],
      loss: 'meanSquaredError',
      optimizer: { optimizer: 'sgd', learningRate: 1e4, epochs: 5 },
    });
    const { summary, leaked } = await run(doc);
    expect(summary.status).toBe('diverged');
    expect(summary.message).toMatch(/NaN|infinite/);
    expect(summary.advice).toMatch(/Lower the learning rate \(it was 10000\)/);
    expect(leaked).toBe(0);
  });

  it('ends as diverged when the loss blows up without turning NaN (cross-entropy clips its logs)', async () => {
    // SGD at 50 throws the softmax into saturation: tfjs's cross-entropy clips at -log(1e-7), so the
    // loss plateaus near 10 instead of overflowing; against ~1.1 at the first batch that is diverged.
    const doc = irisMlp({ optimizer: 'sgd', learningRate: 50, epochs: 3 });
    const { summary, history, leaked } = await run(doc);
    expect(summary.status).toBe('diverged');
    expect(summary.message).toMatch(
      /training loss rose from 1\.\d+ at the first batch to \d+(\.\d+)? over epoch 1 \(more than 2× higher\)/,
    );
    expect(summary.advice).toMatch(/Lower the learning rate \(it was 50\)/);
    expect(history).toHaveLength(0);
    expect(leaked).toBe(0);
  });

  it('keeps a run whose loss falls, and one that stalls at its start, completed', async () => {
    for (const lr of [0.05, 1e-6]) {
      const { summary } = await run(irisMlp({ optimizer: 'sgd', learningRate: lr, epochs: 3 }));
      expect(summary.status).toBe('completed');
    }
  });

  it('waits while paused and carries on when resumed', async () => {
    let paused = true;
    (globalThis as unknown as { setTimeout: (f: () => void, ms: number) => void }).setTimeout(
      () => (paused = false),
      120,
    );
    const t0 = Date.now();
    const { summary } = await run(irisMlp({ epochs: 1 }), { isPaused: () => paused });
    expect(summary.status).toBe('completed');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
  });

  it('reports batches, epochs, lr schedule, checkpoints and the test split', async () => {
    const doc = irisMlp(
      { epochs: 4, decay: 'step', decayRate: 0.5, decaySteps: 8, batchSize: 20 },
      { testSplit: 0.2 },
    );
    const batchLr: number[] = [];
    const checkpoints: number[] = [];
    const { summary, history } = await run(doc, {
      onBatchEnd: (m) => {
        batchLr.push(m.lr);
      },
      checkpointEvery: 2,
      onCheckpoint: async (_model, info) => {
        checkpoints.push(info.epoch);
      },
    });
    // 150 * 0.6 = 90 training samples → 5 batches of 20 per epoch, 20 steps in all.
    expect(batchLr).toHaveLength(20);
    expect(batchLr[7]).toBeCloseTo(0.05);
    expect(batchLr[8]).toBeCloseTo(0.025);
    expect(history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    expect(checkpoints).toEqual([2]);
    expect(summary.test?.count).toBe(30);
    expect(summary.test?.acc).not.toBeNull();
    expect(summary.dataset).toMatchObject({ train: 90, validation: 30, test: 30 });
  });

  it('reseeds dropout every batch, so masks change from batch to batch yet repeat for the seed', async () => {
    const doc = irisMlp({ epochs: 1 });
    const data = await loadDataForGraph(doc, noFiles);
    const seedsOf = async () => {
      const compiled = compileGraph(doc, { featureShape: data.featureShape });
      const seen: (number | undefined)[] = [];
      await trainModel({ compiled, data, onBatchEnd: () => void seen.push(compiled.dropoutLayers[0]!.seed) });
      compiled.model.dispose();
      return seen;
    };
    const first = await seedsOf();
    expect(new Set(first).size).toBe(first.length);
    expect(await seedsOf()).toEqual(first);
  });

  it('refuses a model whose outputs do not match the classes, before training', async () => {
    const doc = chainGraph({
      dataset: { source: 'iris' },
      layers: [['Dense', { units: 10, activation: 'softmax' }]],
    });
    const { summary } = await run(doc);
    expect(summary.status).toBe('failed');
    expect(summary.message).toMatch(/10 outputs .* 3 classes/);
  });

  it('trains a binary classifier with one sigmoid output on xor', async () => {
    const doc = chainGraph({
      dataset: { source: 'xor', samples: 300, noise: 0 },
      layers: [
        ['Dense', { units: 8, activation: 'tanh' }],
        ['Dense', { units: 1, activation: 'sigmoid' }],
      ],
      loss: 'binaryCrossentropy',
      optimizer: { learningRate: 0.05, epochs: 20, batchSize: 16 },
    });
    const { summary } = await run(doc);
    expect(summary.status).toBe('completed');
    expect(summary.final.val_acc).toBeGreaterThanOrEqual(0.85);
  });
});

describe('trainModel with augmentation', () => {
  it('passes every training batch, and only those, through the data augmenter', async () => {
    const doc = irisMlp({ epochs: 2, batchSize: 32 });
    const data = await loadDataForGraph(doc, noFiles);
    const calls: { size: number; phase: string }[] = [];
    data.augment = (x, size, phase) => {
      calls.push({ size, phase });
      return x.map((v) => v + 0.01);
    };
    const compiled = compileGraph(doc, { featureShape: data.featureShape });
    const before = tf.memory().numTensors;
    const { summary } = await trainModel({ compiled, data });
    expect(summary.status).toBe('completed');
    // 120 training samples in batches of 32: 4 batches per epoch, the last one of 24.
    expect(calls).toHaveLength(8);
    expect(calls.map((c) => c.size).slice(0, 4)).toEqual([32, 32, 32, 24]);
    expect(calls.every((c) => c.phase === 'train')).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    compiled.model.dispose();
  });
});
