import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../../graph-core/src/compile';
import { makeTempDir } from '../fs/test-dir';
import { setModelWeights } from './model-weights';
import { graph, runPython, torchMissing, trainAndExport } from './pytorch-testkit';

const missing = torchMissing();
const tmp = makeTempDir('layerloom-pytorch-penalty-');
afterAll(() => tmp.cleanup());

/** Every layer kind the export penalises, with L1 and L2 on kernels and biases in several layouts. */
const penalised = graph(
  'Penalised layers',
  [
    ['data', 'Dataset', { source: 'iris', validationSplit: 0.3 }],
    ['in', 'Input'],
    ['d1', 'Dense', { units: 6, activation: 'relu', kernelL1: 0.01, kernelL2: 0.02, biasL2: 0.1 }],
    ['re', 'Reshape', { targetShape: [3, 2] }],
    ['conv', 'Conv1D', { filters: 3, kernelSize: [2], padding: 'same', kernelL2: 0.05, biasL1: 0.02 }],
    ['gru', 'GRU', { units: 3, kernelL1: 0.01, biasL2: 0.03 }],
    ['out', 'Dense', { units: 3, activation: 'softmax', kernelL2: 0.02 }],
    ['loss', 'Loss'],
    ['opt', 'Optimizer', { optimizer: 'adam', learningRate: 0.05, batchSize: 32, epochs: 1 }],
  ],
  ['data>in', 'in>d1', 'd1>re', 're>conv', 'conv>gru', 'gru>out', 'out>loss', 'loss>opt'],
);

const SCRIPT = `
import json, sys
sys.path.insert(0, ".")
import train
from model import load_model
print(json.dumps({"penalty": float(train.penalty(load_model()))}))
`;

describe.skipIf(missing !== null)('kernel and bias penalties in the PyTorch export', () => {
  it('add the same penalty to train.py’s loss as tfjs adds on the same weights, and train.py trains with them', async () => {
    const dir = path.join(tmp.dir, 'penalised');
    const { weights, data } = await trainAndExport(penalised, dir, tmp.dir);
    const compiled = compileGraph(penalised, { featureShape: data.featureShape, task: data.task });
    setModelWeights(compiled.model, weights);
    const tfjs = compiled.model.calculateLosses().reduce((a, l) => a + l.dataSync()[0]!, 0);
    compiled.model.dispose();

    const r = runPython(['-c', SCRIPT], { cwd: dir });
    expect(r.stderr).toBe('');
    const torch = (JSON.parse(r.stdout) as { penalty: number }).penalty;
    console.log(`penalty on the trained weights: tfjs ${tfjs}, torch ${torch}`);
    expect(tfjs).toBeGreaterThan(0.05);
    expect(Math.abs(torch - tfjs) / tfjs).toBeLessThan(1e-5);

    const run = runPython(['train.py', '--epochs', '1', '--out', 'run'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(dir, 'run', 'summary.json'), 'utf8')) as {
      status: string;
      final: { loss: number };
    };
    expect(summary.status).toBe('completed');
    // The reported training loss carries the penalty: it cannot be below it.
    expect(summary.final.loss).toBeGreaterThan(0);
  }, 120_000);
});
