// `npm run bench` (scripts/bench.mjs builds and starts this): training samples/s for the three
// reference models on every Node backend and in PyTorch, GFLOP/s against the machine's matmul
// peak, then the optional sections (trainModel vs hand-written, graph validation, Chromium).
import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { NODE_WASM_DIR, prepareWasmBackend } from '../graph-core/src/backends/wasm';
import type { BenchContext, BenchModule, BenchSection } from './contract';
import { loadMnist } from './data';
import { MODELS, trainFlopsPerSample, type ModelId } from './models';
import { findTorchPython, measurePeak, runTorch, writeTorchData } from './python';
import { fmt, renderSection, toSection } from './table';
import { measureHandWritten } from './tfjs-train';
import { measureTrainModel } from './train-model.bench';
import { kernelsPerStep, peakMemory, runMemoryChild } from './step-cost';
import { measureThreadedInChild, runThreadedChild, threadVariants, threadedBackend } from './wasm-threads';

/** Below this a float32 1024² matmul on every core means a reference BLAS, not a tuned one. */
const SLOW_BLAS_GFLOPS = 30;

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    models: { type: 'string', default: 'mlp,cnn,lstm' },
    backends: { type: 'string', default: 'cpu,wasm' },
    'skip-torch': { type: 'boolean', default: false },
    sections: { type: 'string', default: '' },
    runner: { type: 'string', default: 'tsx' },
    root: { type: 'string', default: process.cwd() },
    // Runs only the sections (a second, unbundled process for sections that must not be bundled).
    'sections-only': { type: 'boolean', default: false },
    // wasm thread counts measured beside one (children of this process; see wasm-threads.ts).
    'wasm-threads': { type: 'string', default: '' },
    'wasm-threads-child': { type: 'string', default: '' },
    // One peak-memory measurement (model:trainer) in a fresh process; see step-cost.ts.
    'memory-child': { type: 'string', default: '' },
    // Skips the kernels-per-step and peak-memory tables.
    'skip-step-cost': { type: 'boolean', default: false },
  },
});

const root = args.root;
const seconds = Number(args.seconds);
const warmup = Number(args.warmup);
const models = args.models.split(',') as ModelId[];
const backends = args.backends.split(',');
const log = (line: string) => process.stderr.write(`${line}\n`);
const print = (text: string) => process.stdout.write(`${text}\n`);

const results = new Map<string, number>();
const threadCounts = backends.includes('wasm') ? threadVariants(args['wasm-threads'], cpus().length) : [];
/** Backends plus the threaded wasm columns. */
const columns = [...backends, ...threadCounts.map(threadedBackend)];
const wasmColumns = columns.filter((b) => b.startsWith('wasm'));

async function runTraining(): Promise<void> {
  const load = loadavg()[0]!;
  print(
    `# Layerloom bench — ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, load ${load.toFixed(1)}, Node ${process.version}, ${args.runner}`,
  );
  if (load > cpus().length)
    print(
      `! load average ${load.toFixed(1)} exceeds the ${cpus().length} cores: other work is competing, numbers are low and noisy.`,
    );
  print(
    `MNIST 8,000 samples, batch 64, Adam 1e-3; ${warmup} s warm-up, then ${seconds} s timed. samples/s = the best window of ≥1 s (robust on a shared machine; the mean is lower)`,
  );

  prepareWasmBackend(join(root, NODE_WASM_DIR));
  const data = loadMnist(root, 8000);

  const torch = args['skip-torch'] ? { missing: '--skip-torch given' } : findTorchPython();
  const torchRates = new Map<string, { two?: number; one?: number }>();
  let peak: number | undefined;
  let torchData: string | undefined;
  if ('python' in torch) {
    const cache = join(root, 'node_modules/.cache/layerloom-bench');
    mkdirSync(cache, { recursive: true });
    torchData = writeTorchData(cache, data);
  }

  // Each model's tfjs and PyTorch runs follow each other, so they see similar machine load.
  for (const model of models) {
    for (const backend of backends) {
      log(`tfjs ${model} on ${backend}…`);
      try {
        const m = await measureHandWritten(MODELS[model], backend, data, {
          seconds,
          warmupSeconds: warmup,
          batchSize: 64,
        });
        results.set(`${model}/${backend}`, m.samplesPerSec);
        // Layerloom's own trainer (graph → compileGraph → trainModel), what the app and CLI run.
        if (backend === 'wasm') {
          log(`Layerloom trainModel ${model} on ${backend}…`);
          const ctx: BenchContext = { seconds, warmup, root, results, log };
          const ours = await measureTrainModel(ctx, model, backend, m.samplesPerSec, seconds);
          results.set(`${model}/${backend}/trainModel`, ours);
        }
      } catch (e) {
        log(`  failed: ${(e as Error).message}`);
      }
    }
    for (const threads of threadCounts) {
      const r = measureThreadedInChild({ seconds, warmup, root, results, log }, model, threads);
      if (r.error !== undefined) log(`  wasm ${threads} threads: ${r.error}`);
      if (r.threadsInUse !== threads)
        log(`  wasm asked for ${threads} threads, ran ${r.threadsInUse ?? '?'}`);
      if (r.handWritten !== undefined) results.set(`${model}/${threadedBackend(threads)}`, r.handWritten);
      if (r.trainModel !== undefined)
        results.set(`${model}/${threadedBackend(threads)}/trainModel`, r.trainModel);
    }
    if ('python' in torch && torchData !== undefined) {
      const entry: { two?: number; one?: number } = {};
      for (const threads of [2, 1] as const) {
        log(`PyTorch ${torch.version} ${model}, ${threads} thread(s)…`);
        const rate = runTorch(root, torch.python, torchData, [model], seconds, warmup, threads).get(model);
        entry[threads === 2 ? 'two' : 'one'] = rate;
      }
      torchRates.set(model, entry);
    }
  }

  if ('python' in torch) {
    log('matmul peak…');
    peak = measurePeak(root, torch.python);
  }
  // Debian's python3-torch links whatever libblas.so.3 is installed: the reference BLAS alone gave a
  // 6 GFLOP/s matmul and PyTorch MLP/LSTM columns 9× too slow (OpenBLAS: 264 GFLOP/s, same machine).
  const slowBlas =
    peak !== undefined && peak < SLOW_BLAS_GFLOPS
      ? `PyTorch's matmul reached only ${peak.toFixed(0)} GFLOP/s: libblas.so.3 is probably the reference BLAS, so its dense and recurrent columns are far too slow to compare with. Install OpenBLAS (Debian: apt-get install libopenblas0-pthread) and run again.`
      : null;
  if (slowBlas) log(`WARNING: ${slowBlas}`);

  const bestTorch = (m: string) =>
    Math.max(torchRates.get(m)?.two ?? 0, torchRates.get(m)?.one ?? 0) || undefined;
  const bestTfjs = (m: string): [string, number] | undefined =>
    columns
      .map((b) => [b, results.get(`${m}/${b}`)] as const)
      .filter((e): e is readonly [string, number] => e[1] !== undefined)
      .sort((a, b) => b[1] - a[1])
      .map(([b, r]) => [b, r] as [string, number])[0];

  const training: BenchSection = {
    title: 'Training samples/s (higher is better)',
    header: [
      'model',
      ...columns.map((b) => `tfjs ${b}`),
      ...wasmColumns.map((b) => `Layerloom ${b}`),
      'PyTorch 2 thr',
      'PyTorch 1 thr',
      'best tfjs / best PyTorch',
      ...(backends.includes('wasm') ? ['Layerloom / best PyTorch'] : []),
      'goal',
    ],
    rows: models.map((m) => {
      const best = bestTfjs(m);
      const ref = bestTorch(m);
      const ours = Math.max(...wasmColumns.map((b) => results.get(`${m}/${b}/trainModel`) ?? 0)) || undefined;
      const withOurs = backends.includes('wasm');
      return [
        MODELS[m].label,
        ...columns.map((b) => fmt(results.get(`${m}/${b}`))),
        ...wasmColumns.map((b) => fmt(results.get(`${m}/${b}/trainModel`))),
        fmt(torchRates.get(m)?.two),
        fmt(torchRates.get(m)?.one),
        best && ref ? `${(best[1] / ref).toFixed(2)}× (${best[0]})` : '—',
        ...(withOurs ? [ours && ref ? `${(ours / ref).toFixed(2)}×` : '—'] : []),
        m === 'mlp' ? '≥ 0.6' : '≥ 0.5',
      ];
    }),
    notes:
      'missing' in torch
        ? [`PyTorch skipped: ${torch.missing}.`]
        : [
            `PyTorch ${torch.version} with OPENBLAS_NUM_THREADS=1; tfjs wasm: one thread, "wasm N thr": tfjs's threaded build with N XNNPACK threads (a child process each).`,
            'tfjs columns: a hand-written tfjs loop (tf.train.adam, logits + softmaxCrossEntropy). Layerloom wasm: the same model as a graph through compileGraph + trainModel (fused Adam, softmax output), as the app and CLI train it.',
            ...(slowBlas ? [`WARNING: ${slowBlas}`] : []),
          ],
  };
  print(renderSection(training));

  const gflops = (m: ModelId, rate: number | undefined) =>
    rate === undefined ? undefined : (rate * trainFlopsPerSample(MODELS[m])) / 1e9;
  const pct = (g: number | undefined) =>
    g === undefined || peak === undefined ? '—' : `${((g / peak) * 100).toFixed(1)}%`;
  print(
    renderSection({
      title: `Achieved GFLOP/s (training ≈ 3× forward FLOPs) vs matmul peak ${peak === undefined ? '(not measured: needs python3 with numpy)' : `${peak.toFixed(0)} GFLOP/s`}`,
      header: ['model', 'MFLOP/sample', 'best tfjs GFLOP/s', '% of peak', 'PyTorch GFLOP/s', '% of peak'],
      rows: models.map((m) => {
        const t = gflops(m, bestTfjs(m)?.[1]);
        const p = gflops(m, bestTorch(m));
        return [m, fmt(trainFlopsPerSample(MODELS[m]) / 1e6, 2), fmt(t, 2), pct(t), fmt(p, 2), pct(p)];
      }),
    }),
  );
  if (backends.includes('cpu') && backends.includes('wasm')) {
    print(
      renderSection({
        title: 'wasm vs cpu (same hand-written loop)',
        header: ['model', 'wasm / cpu'],
        rows: models.map((m) => {
          const w = results.get(`${m}/wasm`);
          const c = results.get(`${m}/cpu`);
          return [m, w && c ? `${(w / c).toFixed(1)}×` : '—'];
        }),
      }),
    );
  }
  for (const [m] of torchRates) results.set(`${m}/pytorch`, bestTorch(m) ?? 0);
  if (backends.includes('wasm') && !args['skip-step-cost']) {
    const ctx: BenchContext = { seconds, warmup, root, results, log };
    print(renderSection(await kernelsPerStep(ctx, models, data)));
    print(renderSection(peakMemory(ctx, models)));
  }
}

if (args['memory-child'] !== '') {
  await runMemoryChild(args['memory-child'], { seconds, warmup, root, results, log });
  process.exit(0);
}
if (args['wasm-threads-child'] !== '') {
  const ctx: BenchContext = { seconds, warmup, root, results, log };
  await runThreadedChild(Number(args['wasm-threads-child']), ctx, models[0]!);
  process.exit(0);
}
if (!args['sections-only']) await runTraining();
const ctx: BenchContext = { seconds, warmup, root, results, log };
for (const path of args.sections.split(',').filter(Boolean)) {
  const name = path
    .split('/')
    .pop()!
    .replace(/\.(js|ts)$/, '');
  log(`section ${name}…`);
  try {
    const mod = (await import(pathToFileURL(path).href)) as BenchModule & Record<string, unknown>;
    const fn =
      mod.run ??
      mod.default ??
      Object.entries(mod).find(([k, v]) => k.startsWith('bench') && typeof v === 'function')?.[1];
    if (typeof fn !== 'function') {
      print(`\n## ${name}\n  (no run/default/bench* export)`);
      continue;
    }
    const section = toSection(name, await (fn as (c: BenchContext) => unknown)(ctx));
    if (section !== null) print(typeof section === 'string' ? section : renderSection(section));
  } catch (e) {
    print(`\n## ${name}\n  failed: ${(e as Error).message.split('\n')[0]}`);
  }
}
