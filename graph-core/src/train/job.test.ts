import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../compile/index';
import { chainGraph } from '../compile/testGraphs';
import { loadDataForGraph, type DataIO } from '../data/pipeline';
import { checkpointInfoSchema, evaluationSchema, metricsLineSchema, summarySchemaFor } from '../runs/index';
import { runTrainingJob, type RunJobOptions } from './job';
import type { ModelFiles, RunSink } from './run-sink';

const noFiles: DataIO = {
  readAsset: () => Promise.reject(new Error('no assets in this test')),
  readFile: () => Promise.reject(new Error('no files in this test')),
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A RunSink that keeps every write, in order, checked against the run format as it arrives. */
function recordingSink() {
  const writes: string[] = [];
  const json: Record<string, object> = {};
  const models: Record<string, ModelFiles> = {};
  const sink: RunSink = {
    appendMetrics: async (line) => {
      metricsLineSchema.parse(line);
      writes.push(`metrics ${(line as { epoch: number }).epoch}`);
    },
    writeJson: async (name, value) => {
      if (name === 'summary.json') {
        const s = value as Record<string, unknown>;
        summarySchemaFor(s).parse(s);
        writes.push(`summary ${String(s.status)}`);
      } else {
        (name === 'checkpoint.json' ? checkpointInfoSchema : evaluationSchema).parse(value);
        writes.push(name);
      }
      json[name] = value;
    },
    writeModel: async (folder, files) => {
      writes.push(folder);
      models[folder] = files;
    },
  };
  return { sink, writes, json, models };
}

const iris = (optimizer: Record<string, number | string> = {}) =>
  chainGraph({
    dataset: { source: 'iris', validationSplit: 0.2 },
    layers: [
      ['Dense', { units: 8, activation: 'relu' }],
      ['Dense', { units: 3, activation: 'softmax' }],
    ],
    optimizer: { learningRate: 0.05, batchSize: 32, epochs: 3, ...optimizer },
  });

async function job(doc = iris(), extra: Partial<RunJobOptions> = {}) {
  const data = await loadDataForGraph(doc, noFiles);
  const compiled = compileGraph(doc, { featureShape: data.featureShape, task: data.task });
  const rec = recordingSink();
  const result = await runTrainingJob({
    compiled,
    data,
    sink: rec.sink,
    extras: { backendReason: 'test' },
    checkpointEvery: 2,
    ...extra,
  });
  compiled.model.dispose();
  return { ...rec, result };
}

describe('runTrainingJob', () => {
  it('writes a running summary, epoch lines, checkpoints, the model, the final summary, then the evaluation', async () => {
    const { writes, json, models, result } = await job();
    expect(writes).toEqual([
      'summary running',
      'metrics 1',
      'metrics 2',
      'checkpoint',
      'checkpoint.json',
      'metrics 3',
      'model',
      'summary completed',
      'evaluation.json',
    ]);
    expect(json['summary.json']).toMatchObject({ status: 'completed', backendReason: 'test', epochs: 3 });
    expect(json['checkpoint.json']).toMatchObject({ epoch: 2, reason: 'interval' });
    // The checkpoint carries Adam's state for continuing; the final model does not.
    expect(models.checkpoint!.weightSpecs.some((s) => s.group === 'optimizer')).toBe(true);
    expect(models.model!.weightSpecs.some((s) => s.group === 'optimizer')).toBe(false);
    expect(result).toMatchObject({ lost: false, checkpointEpoch: 2 });
    expect(result.evaluation?.classNames).toHaveLength(3);
  });

  it('counts time to the first batch and wall time from the request, setup included', async () => {
    const setupMs = 1500; // data, compile and backend probe happened before the driver was called
    const requestedAt = Date.now() - setupMs;
    const { json, result } = await job(iris(), { requestedAt, onBatch: () => undefined });
    const s = result.summary;
    expect(s.timeToFirstBatchMs).toBeGreaterThanOrEqual(setupMs);
    expect(s.wallMs).toBeGreaterThanOrEqual(s.timeToFirstBatchMs!);
    expect(s.wallMs).toBeGreaterThanOrEqual(setupMs + s.durationMs);
    expect(json['summary.json']).toMatchObject({
      timeToFirstBatchMs: s.timeToFirstBatchMs,
      wallMs: s.wallMs,
    });
  });

  it('leaves the timing fields out when the caller did not say when the run was asked for', async () => {
    const { json } = await job();
    expect(json['summary.json']).not.toHaveProperty('wallMs');
    expect(json['summary.json']).not.toHaveProperty('timeToFirstBatchMs');
  });

  it('keeps no model and no evaluation of a run that diverged', async () => {
    const diverging = chainGraph({
      dataset: { source: 'iris' },
      layers: [
        ['Dense', { units: 16, activation: 'relu' }],
        ['Dense', { units: 3 }],
      ],
      loss: 'meanSquaredError',
      optimizer: { optimizer: 'sgd', learningRate: 10, epochs: 5 },
    });
    const { writes, result } = await job(diverging);
    expect(result.summary.status).toBe('diverged');
    expect(writes).not.toContain('model');
    expect(writes).not.toContain('evaluation.json');
    expect(writes.at(-1)).toBe('summary diverged');
  });

  it('saves a stopped run’s model and checkpoint and evaluates it', async () => {
    let epochs = 0;
    const { writes, result } = await job(iris(), {
      onEpoch: () => void epochs++,
      shouldStop: () => epochs >= 1,
    });
    expect(result.summary.status).toBe('stopped');
    expect(writes).toContain('model');
    expect(writes.at(-2)).toBe('summary stopped');
    expect(writes.at(-1)).toBe('evaluation.json');
  });

  it('ends a run whose backend is lost as stopped, at once, saving nothing more', async () => {
    let lose: () => void = () => undefined;
    const lost = new Promise<void>((resolve) => (lose = resolve));
    let alive = true;
    const { writes, result } = await job(iris({ epochs: 50 }), {
      lost,
      canSave: () => alive,
      onEpoch: (m) => {
        if (m.epoch === 1) {
          alive = false;
          lose();
        }
      },
    });
    expect(result).toMatchObject({ lost: true, evaluation: null });
    expect(result.summary).toMatchObject({
      status: 'stopped',
      message: expect.stringMatching(/context was lost/),
    });
    expect(writes).not.toContain('model');
    expect(writes.at(-1)).toBe('summary stopped');
  });
  it('records what the run cost: trainable and frozen params, forward FLOPs and inference time per sample', async () => {
    const frozen = iris();
    const first = frozen.nodes.find((n) => n.type === 'Dense')!;
    first.params = { ...first.params, trainable: false };
    const { json } = await job(frozen);
    const summary = json['summary.json'] as {
      totalParams: number;
      cost: { trainableParams: number; nonTrainableParams: number; inferenceMsPerSample: number };
    };
    // Dense 4→8 (frozen: 40) and 8→3 (27): FLOPs 2·4·8 + 8 + 8 relu, 2·8·3 + 3 + 3·3 softmax.
    expect(summary.cost).toMatchObject({
      trainableParams: 27,
      nonTrainableParams: 40,
      flopsPerSample: 64 + 8 + 8 + 48 + 3 + 9,
      inferenceBatch: 30,
    });
    expect(summary.cost.trainableParams + summary.cost.nonTrainableParams).toBe(summary.totalParams);
    expect(summary.cost.inferenceMsPerSample).toBeGreaterThan(0);
  });
});
