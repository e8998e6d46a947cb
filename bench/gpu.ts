// `npm run bench:gpu` — training speed on a GPU: tfjs-backend-webgpu in Node through Dawn (the
// backend the app trains on where a GPU adapter exists), Layerloom's trainModel on it, the wasm
// backend on the same machine's CPU, and PyTorch on CUDA and on the CPU, side by side in one run.
// Same three models, data and optimizer as `npm run bench`; batch sizes 64 (issue 8's reference)
// and larger ones, where a GPU earns its keep.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { NODE_WASM_DIR, prepareWasmBackend } from '../graph-core/src/backends/wasm';
import type { BenchContext } from './contract';
import { loadMnist } from './data';
import { MODELS, trainFlopsPerSample, type ModelId } from './models';
import { findTorchPython, runTorch, writeTorchData } from './python';
import { fmt, renderSection } from './table';
import { measureHandWritten } from './tfjs-train';
import { measureTrainModel } from './train-model.bench';
import { setupNodeWebGPU } from './webgpu-node';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    models: { type: 'string', default: 'mlp,cnn,lstm' },
    batches: { type: 'string', default: '64,512' },
    'skip-torch': { type: 'boolean', default: false },
    'skip-wasm': { type: 'boolean', default: false },
    dawn: { type: 'string', default: '' },
    // tfjs flags for the webgpu backend, e.g. WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE=64,WEBGPU_CPU_FORWARD=false
    'tf-flags': { type: 'string', default: '' },
    json: { type: 'string' },
    root: { type: 'string', default: process.cwd() },
  },
});

const root = args.root;
const seconds = Number(args.seconds);
const warmup = Number(args.warmup);
const models = args.models.split(',') as ModelId[];
const batches = args.batches.split(',').map(Number);
const log = (line: string) => process.stderr.write(`${line}\n`);
const print = (text: string) => process.stdout.write(`${text}\n`);
const results = new Map<string, number>();
const errors: string[] = [];

async function attempt(key: string, what: string, fn: () => Promise<number | undefined>): Promise<void> {
  log(`${what}…`);
  try {
    const rate = await fn();
    if (rate !== undefined) results.set(key, rate);
  } catch (e) {
    const message = `${what}: ${(e as Error).message.split('\n')[0]}`;
    errors.push(message);
    log(`  failed: ${message}`);
  }
}

const gpu = await setupNodeWebGPU(args.dawn.split(' ').filter(Boolean));
print(
  `# Layerloom GPU bench — ${'adapter' in gpu ? gpu.adapter : 'no WebGPU'}; CPU ${cpus()[0]?.model ?? '?'} × ${cpus().length}, load ${loadavg()[0]!.toFixed(1)}, Node ${process.version}`,
);
print(
  `MNIST 8,000 samples, Adam 1e-3; ${warmup} s warm-up, then ${seconds} s timed; samples/s = best window of ≥1 s (each window ends with a sync).`,
);
if ('missing' in gpu) print(`! WebGPU skipped: ${gpu.missing}`);
for (const pair of args['tf-flags'].split(',').filter(Boolean)) {
  const [flag, raw] = pair.split('=') as [string, string | undefined];
  const value = raw === 'true' ? true : raw === 'false' ? false : Number(raw);
  tf.env().set(flag, value);
  print(`tfjs flag ${flag}=${String(value)}`);
}
if (!args['skip-wasm']) prepareWasmBackend(join(root, NODE_WASM_DIR));
const data = loadMnist(root, 8000);
const ctx: BenchContext = { seconds, warmup, root, results, log };
const torch = args['skip-torch'] ? { missing: '--skip-torch given' } : findTorchPython();
const torchData = 'python' in torch ? writeTorchData(join(root, 'node_modules/.cache'), data) : undefined;

for (const model of models) {
  for (const batch of batches) {
    const opts = { seconds, warmupSeconds: warmup, batchSize: batch };
    if ('adapter' in gpu) {
      await attempt(`${model}/${batch}/webgpu`, `tfjs webgpu ${model} batch ${batch}`, async () => {
        const m = await measureHandWritten(MODELS[model], 'webgpu', data, opts);
        if (tf.getBackend() !== 'webgpu') throw new Error(`trained on ${tf.getBackend()}, not webgpu`);
        return m.samplesPerSec;
      });
      const expected = results.get(`${model}/${batch}/webgpu`) ?? 1000;
      await attempt(`${model}/${batch}/webgpu/trainModel`, `Layerloom webgpu ${model} batch ${batch}`, () =>
        measureTrainModel(ctx, model, 'webgpu', expected, seconds, batch),
      );
    }
    if (!args['skip-wasm'] && batch === batches[0]) {
      await attempt(`${model}/${batch}/wasm/trainModel`, `Layerloom wasm ${model} batch ${batch}`, () =>
        measureTrainModel(ctx, model, 'wasm', 5000, seconds, batch),
      );
    }
    if ('python' in torch && torchData !== undefined) {
      for (const device of ['cuda', 'cpu']) {
        await attempt(
          `${model}/${batch}/torch-${device}`,
          `PyTorch ${device} ${model} batch ${batch}`,
          async () =>
            runTorch(
              root,
              torch.python,
              torchData,
              [model],
              seconds,
              warmup,
              device === 'cpu' ? cpus().length : 1,
              {
                BENCH_TORCH_DEVICE: device,
                BENCH_BATCH: String(batch),
              },
            ).get(model),
        );
      }
    }
  }
}

const get = (k: string) => results.get(k);
const ratio = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && b > 0 ? `${(a / b).toFixed(2)}×` : '—';
print(
  renderSection({
    title: 'Training samples/s on this machine (higher is better)',
    header: [
      'model',
      'batch',
      'tfjs webgpu',
      'Layerloom webgpu',
      'Layerloom wasm (1 CPU thread)',
      'PyTorch CUDA',
      `PyTorch CPU (${cpus().length} thr)`,
      'Layerloom webgpu / PyTorch CUDA',
      'Layerloom webgpu / wasm',
      'webgpu GFLOP/s',
    ],
    rows: models.flatMap((m) =>
      batches.map((b) => {
        const ours = get(`${m}/${b}/webgpu/trainModel`);
        const wasm = get(`${m}/${batches[0]}/wasm/trainModel`);
        const best = Math.max(ours ?? 0, get(`${m}/${b}/webgpu`) ?? 0);
        return [
          MODELS[m].label,
          b,
          fmt(get(`${m}/${b}/webgpu`)),
          fmt(ours),
          b === batches[0] ? fmt(wasm) : '',
          fmt(get(`${m}/${b}/torch-cuda`)),
          fmt(get(`${m}/${b}/torch-cpu`)),
          ratio(ours, get(`${m}/${b}/torch-cuda`)),
          ratio(ours, wasm),
          best > 0 ? fmt((best * trainFlopsPerSample(MODELS[m])) / 1e9, 1) : '—',
        ];
      }),
    ),
    notes: [
      'tfjs webgpu: hand-written loop (logits + softmaxCrossEntropy, tf.train.adam). Layerloom: the model as a graph through compileGraph + trainModel, as the app and CLI train it.',
      'PyTorch: the same loop (bench/torch_bench.py) with BENCH_TORCH_DEVICE=cuda / cpu.',
      ...('missing' in torch ? [`PyTorch skipped: ${torch.missing}.`] : []),
      ...errors.map((e) => `failed: ${e}`),
    ],
  }),
);
if (args.json !== undefined) {
  const gpuName = 'adapter' in gpu ? gpu.adapter : null;
  writeFileSync(
    args.json,
    JSON.stringify({ adapter: gpuName, results: Object.fromEntries(results), errors }, null, 2),
  );
}
process.exit(0);
