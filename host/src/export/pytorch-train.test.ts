import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../../graph-core/src/compile';
import { readRunFolder } from '../../../graph-core/src/runs';
import { loadDataForGraph } from '../../../graph-core/src/data';
import type { GraphDocument } from '../../../graph-core/src/document';
import { chooseBackend } from '../cli/backend';
import { compareCommand } from '../cli/compare';
import { nodeDataIO } from '../cli/node-io';
import { readProjectFile } from '../cli/project';
import { applyOverrides, trainToRunFolder } from '../cli/run-training';
import { ensureDataAsset, sample } from '../cli/testkit';
import { nodeRunFolderFiles } from '../fs/run-folder-files';
import { makeTempDir } from '../fs/test-dir';
import { weightsOfModel } from './model-weights';
import { writePytorchProject } from './pytorch';
import { PYTHON, runPython, torchMissing } from './pytorch-testkit';

const missing = torchMissing();
const tmp = makeTempDir('layerloom-pytorch-train-');
afterAll(() => tmp.cleanup());

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const finalOf = (dir: string) => readJson(path.join(dir, 'summary.json'))['final'] as Record<string, number>;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One process of a torchrun-style launch: the environment torchrun gives each worker. */
function worker(cwd: string, rank: number, port: number, args: string[]) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(PYTHON, ['train.py', ...args], {
      cwd,
      env: {
        ...process.env,
        OMP_NUM_THREADS: '1',
        RANK: String(rank),
        LOCAL_RANK: String(rank),
        WORLD_SIZE: '2',
        LOCAL_WORLD_SIZE: '2',
        MASTER_ADDR: '127.0.0.1',
        MASTER_PORT: String(port),
        CUDA_VISIBLE_DEVICES: '',
      },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe.skipIf(missing !== null)('the exported train.py with data nodes', () => {
  it('fits Normalize per channel, changes training batches with Augment, and trains the CNN on from the exported weights (--from-trained)', async () => {
    const r = await readProjectFile(sample('mnist-cnn'));
    if (!r.ok) throw new Error(r.error);
    const base = applyOverrides(r.doc, { epochs: 1, limit: 400 });
    const doc: GraphDocument = {
      ...base,
      nodes: [
        ...base.nodes,
        { id: 'norm', type: 'Normalize', params: { method: 'minmax' } },
        {
          id: 'aug',
          type: 'Augment',
          params: { flipHorizontal: true, shift: 0.1, rotation: 10, zoom: 0.1, noise: 0.05 },
        },
      ],
      edges: [
        ...base.edges.filter((e) => e.target !== 'in'),
        { id: 'n1', source: 'data', target: 'norm' },
        { id: 'n2', source: 'norm', target: 'aug' },
        { id: 'n3', source: 'aug', target: 'in' },
      ],
    };
    await chooseBackend('wasm');
    const data = await loadDataForGraph(doc, nodeDataIO(path.dirname(sample('mnist-cnn'))));
    const compiled = compileGraph(doc, { featureShape: data.featureShape, task: data.task });
    const out = path.join(tmp.dir, 'augment');
    await writePytorchProject({ document: doc, weights: weightsOfModel(compiled.model), data }, out);
    compiled.model.dispose();
    const config = readJson(path.join(out, 'config.json'))['data'] as {
      augment: unknown[];
      normalize: unknown[];
    };
    expect(config.normalize).toEqual([{ node: 'norm', method: 'minmax', axis: 'channel' }]);
    expect(config.augment).toHaveLength(1);
    const check = runPython(
      [
        '-c',
        [
          'import torch, numpy as np',
          'from data import Augment, load_splits',
          'x, _ = load_splits()["train"]',
          'a = Augment(1)',
          'y = a(x[:16])',
          'print(bool(a), tuple(y.shape) == tuple(x[:16].shape), float((y - x[:16]).abs().max()) > 0.01)',
        ].join('\n'),
      ],
      { cwd: out },
    );
    expect(check.stdout.trim(), check.stderr).toBe('True True True');
    const run = runPython(['train.py', '--from-trained', '--out', path.join(out, 'run')], { cwd: out });
    expect(run.status, run.stderr).toBe(0);
    expect(readJson(path.join(out, 'run', 'summary.json'))).toMatchObject({ status: 'completed', epochs: 1 });
    expect(typeof finalOf(path.join(out, 'run'))['val_acc']).toBe('number');
  }, 240_000);
});

describe.skipIf(missing !== null)('the exported train.py', () => {
  let doc: GraphDocument;
  const project = path.join(tmp.dir, 'export');
  const layerloomRun = path.join(tmp.dir, 'layerloom-run');

  beforeAll(async () => {
    ensureDataAsset();
    const r = await readProjectFile(sample('mnist-mlp'));
    if (!r.ok) throw new Error(r.error);
    doc = applyOverrides(r.doc, { epochs: 2, limit: 4000 });
    const io = nodeDataIO(path.dirname(sample('mnist-mlp')));
    const result = await trainToRunFolder({ doc, runDir: layerloomRun, io, backend: 'wasm' });
    expect(result.summary.status).toBe('completed');
    await chooseBackend('wasm');
    const data = await loadDataForGraph(doc, io);
    const compiled = compileGraph(doc, { featureShape: data.featureShape, task: data.task });
    await writePytorchProject({ document: doc, weights: weightsOfModel(compiled.model), data }, project);
    compiled.model.dispose();
  }, 300_000);

  it('trains the MNIST MLP for 2 epochs from scratch (1, then --resume to 2) to within 2 points of Layerloom’s validation accuracy', () => {
    const run = path.join(tmp.dir, 'torch-run');
    const first = runPython(['train.py', '--epochs', '1', '--out', run], { cwd: project });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Epoch 1/1');
    const second = runPython(['train.py', '--resume', run, '--epochs', '2'], { cwd: project });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('Epoch 2/2');
    expect(second.stdout).not.toContain('Epoch 1/');
    const summary = readJson(path.join(run, 'summary.json'));
    expect(summary).toMatchObject({
      status: 'completed',
      epochs: 2,
      batchSize: 64,
      seed: 42,
      totalParams: 101_770,
    });
    const lines = readFileSync(path.join(run, 'metrics.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { epoch: number }).epoch)).toEqual([1, 2]);
    const torchAcc = finalOf(run)['val_acc']!;
    const layerloomAcc = finalOf(layerloomRun)['val_acc']!;
    console.log(
      `val_acc after 2 epochs on 3,600 digits: Layerloom ${layerloomAcc}, exported train.py ${torchAcc}`,
    );
    expect(Math.abs(torchAcc - layerloomAcc)).toBeLessThanOrEqual(0.02);
  }, 240_000);

  it('ends a run whose loss blows up without turning NaN as diverged, as Layerloom does (SGD at learning rate 5)', () => {
    const hot = path.join(tmp.dir, 'export-hot');
    cpSync(project, hot, { recursive: true });
    const config = readJson(path.join(hot, 'config.json')) as {
      training: { optimizer: Record<string, unknown> };
    };
    config.training.optimizer = { ...config.training.optimizer, optimizer: 'sgd', learningRate: 5 };
    writeFileSync(path.join(hot, 'config.json'), JSON.stringify(config));
    const run = path.join(tmp.dir, 'torch-hot');
    const r = runPython(['train.py', '--epochs', '2', '--out', run], { cwd: hot });
    const summary = readJson(path.join(run, 'summary.json'));
    expect(summary['status'], r.stdout + r.stderr).toBe('diverged');
    expect(summary['message']).toMatch(
      /^The training loss rose from \d\.\d+ at the first batch to \d+(\.\d+)? over epoch 1 /,
    );
  }, 240_000);

  it('runs unchanged as two DDP processes launched the way torchrun launches them (gloo), and rank 0’s run folder compares with a Layerloom run', async () => {
    const port = await freePort();
    const run = path.join(tmp.dir, 'ddp-run');
    const args = ['--epochs', '1', '--out', run];
    const [rank0, rank1] = await Promise.all([
      worker(project, 0, port, args),
      worker(project, 1, port, args),
    ]);
    expect(rank0.code, rank0.out).toBe(0);
    expect(rank1.code, rank1.out).toBe(0);
    expect(rank0.out).toContain('2 process(es)');
    expect(rank1.out).not.toContain('Epoch 1/1');
    const summary = readJson(path.join(run, 'summary.json'));
    expect(summary).toMatchObject({ status: 'completed', epochs: 1, worldSize: 2, backend: 'pytorch-cpu' });
    const folder = await readRunFolder(nodeRunFolderFiles(run), { id: 'ddp-run' });
    expect(folder).toMatchObject({ layout: 'current', metaMadeUp: false, summaryProblem: null });
    expect(folder.meta.tags).toEqual(['pytorch']);
    expect(finalOf(run)['val_acc']).toBeGreaterThan(0.5);
    let out = '';
    let err = '';
    const code = await compareCommand([layerloomRun, run], {
      out: (t) => (out += t),
      err: (t) => (err += t),
    });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/layerloom-run\s+completed/);
    expect(out).toMatch(/MNIST MLP \(PyTorch\)\s+completed/);
    expect(out).toMatch(/opt\.epochs\s+2\s+1/);
    console.log(out);
  }, 240_000);
});

if (missing !== null)
  describe('the exported train.py', () => it.skip(`needs torch: ${missing}`, () => undefined));
