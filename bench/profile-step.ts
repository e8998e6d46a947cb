// Where a training step's time goes on wasm, per kernel: `npx tsx`-free, bundled like the bench
// (`node bench/profile-step.mjs [cnn|mlp|lstm] [steps]`; FUSED=1 fuses LSTM/GRU layers; BY_SHAPE=1 splits by input shapes). tf.profile times each kernel on the
// synchronous wasm backend, so the sums are real wall time spent inside kernels.
// LAYERLOOM_WASM_THREADS=N profiles tfjs's threaded build with N XNNPACK threads (default 1 here).
// LAYERLOOM=1 profiles Layerloom's own path instead of the hand-written model: the bench graph
// through compileGraph + trainModel (reporting every 8 batches, as the bench's kernel count does),
// and prints the process's CPU time per step, which other jobs' load inflates far less than wall time.
// PROFILE_BACKEND=cpu profiles the cpu backend instead (the ops path WebGL/WebGPU run; EPOCHS=0 skips the timed epochs).
// FUSIONS=0 with it turns Layerloom's fusions off (Dense/Conv2D bias + ReLU, LSTM/GRU, crossentropy), for before/after.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { NODE_WASM_DIR, prepareWasmBackend } from '../graph-core/src/backends/wasm';
import { wasmThreadsInUse } from '../graph-core/src/backends/wasm-threads';
import { FusedAdamOptimizer } from '../graph-core/src/compile/fused-adam';
import { fuseRecurrentOnWasm } from '../graph-core/src/compile/fused-recurrent';
import { nodeThreading } from './wasm-threads';
import { MODELS, type ModelId } from './models';
import { compileGraph } from '../graph-core/src/compile/index';
import { trainModel } from '../graph-core/src/train/loop';
import { benchGraph, prepared } from './train-model.bench';
import { setFusedLayers } from '../graph-core/src/compile/fused-layers';
import { setFusedRecurrent } from '../graph-core/src/compile/fused-recurrent';
import { setFusedCrossentropy } from '../graph-core/src/compile/losses';
import type { BenchContext } from './contract';

const modelId = (process.argv[2] ?? 'cnn') as ModelId;
const steps = Number(process.argv[3] ?? 20);
const batch = 64;

async function main(): Promise<void> {
  const threads = Number(process.env['LAYERLOOM_WASM_THREADS'] ?? 1);
  prepareWasmBackend(NODE_WASM_DIR, threads > 1 ? nodeThreading(process.cwd(), threads) : undefined);
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm failed');
  // PROFILE_BACKEND=cpu (with LAYERLOOM=1, EPOCHS=0): counts the kernels of the unfused ops path that WebGL/WebGPU run too.
  if (process.env['PROFILE_BACKEND'] === 'cpu') await tf.setBackend('cpu');
  console.log(`wasm with ${wasmThreadsInUse()} XNNPACK thread(s)`);
  if (process.env['STACKS']) countCallers(process.env['STACKS']);
  if (process.env['LAYERLOOM'] === '1') return profileTrainModel();
  const spec = MODELS[modelId];
  const model = spec.build();
  // FUSED=1: LSTM/GRU layers take Layerloom's fused wasm sequence op, as compiled graphs do.
  if (process.env['FUSED'] === '1')
    for (const layer of model.layers) {
      const kind = layer.getClassName();
      if (kind === 'LSTM' || kind === 'GRU') fuseRecurrentOnWasm(layer, kind);
    }
  const optimizer = new FusedAdamOptimizer(1e-3, 0.9, 0.999, 1e-7);
  const n = batch * 4;
  const xs = tf.randomUniform([n, ...spec.sampleShape]);
  const ys = tf.oneHot(tf.randomUniform([n], 0, 10, 'int32'), 10);
  const step = (i: number) =>
    tf.tidy(() => {
      const start = (i % 4) * batch;
      const x = xs.slice(start, batch);
      const y = ys.slice(start, batch);
      optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      );
    });
  for (let i = 0; i < 10; i++) step(i);
  const info = await tf.profile(() => {
    for (let i = 0; i < steps; i++) step(i);
  });
  const byKernel = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const key = process.env['BY_SHAPE'] ? `${k.name} ${JSON.stringify(k.inputShapes)}` : k.name;
    const e = byKernel.get(key) ?? { ms: 0, calls: 0 };
    e.ms += k.kernelTimeMs as number;
    e.calls++;
    byKernel.set(key, e);
  }
  const rows = [...byKernel].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, e]) => s + e.ms, 0);
  const t0 = performance.now();
  for (let i = 0; i < steps * 3; i++) step(i);
  const wall = (performance.now() - t0) / (steps * 3);
  console.log(
    `${modelId}: ${info.kernels.length / steps} kernels/step, kernel time ${(total / steps).toFixed(2)} ms/step, wall ${wall.toFixed(2)} ms/step (unprofiled)`,
  );
  for (const [name, e] of rows.slice(0, 18))
    console.log(
      `${name.padEnd(28)} ${(e.ms / steps).toFixed(3)} ms/step  ${(e.calls / steps).toFixed(1)} calls`,
    );
}

const callers = new Map<string, number>();
/** STACKS=Kernel: counts the call sites (a few stack frames) that run that wasm kernel; printed at exit. */
function countCallers(kernelName: string): void {
  const config = tf.getKernel(kernelName, 'wasm');
  if (!config) throw new Error(`${kernelName} is not registered on wasm`);
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({
    ...config,
    kernelFunc: (args) => {
      const frames = (new Error().stack ?? '')
        .split('\n')
        .slice(2, 14)
        .map((l) => l.trim());
      const key = `${JSON.stringify(args.inputs[Object.keys(args.inputs)[0]!]?.shape)}\n    ${frames.join('\n    ')}`;
      callers.set(key, (callers.get(key) ?? 0) + 1);
      return config.kernelFunc(args);
    },
  });
  process.on('exit', () => {
    for (const [key, n] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${n}× ${key}`);
  });
}

interface KernelRecord {
  name: string;
  inputShapes: number[][];
  kernelTimeMs: number | Promise<number | { error: string }>;
}
interface EngineState {
  state: { profiling: boolean; activeProfile: { kernels: KernelRecord[] } };
}

/** Per-kernel time and CPU time per step of trainModel on the bench's graph. */
async function profileTrainModel(): Promise<void> {
  const ctx = {
    root: process.cwd(),
    seconds: 0,
    warmup: 0,
    results: new Map(),
    log: console.log,
  } as BenchContext;
  const warm = 16;
  if (process.env['FUSIONS'] === '0') {
    setFusedLayers(false);
    setFusedRecurrent(false);
    setFusedCrossentropy(false);
  }
  const counted = Math.min(128, Math.max(8, Math.round(steps / 8) * 8));
  const compiled = compileGraph(benchGraph(modelId, batch), {
    featureShape: [28, 28, 1],
    task: 'classification',
  });
  const state = (tf.engine() as unknown as EngineState).state;
  let kernels: KernelRecord[] = [];
  // Profiled epoch: the engine records kernels from the report after batch `warm` to the one `counted` batches later.
  await trainModel({
    compiled,
    data: prepared(ctx, batch * (warm + counted + 8)),
    epochs: 1,
    reportEvery: 8,
    onBatchEnd: (m) => {
      if (m.step === warm - 1) {
        state.activeProfile.kernels = [];
        state.profiling = true;
      } else if (m.step === warm + counted - 1) {
        state.profiling = false;
        kernels = state.activeProfile.kernels;
        state.activeProfile.kernels = [];
      }
    },
  });
  const byKernel = new Map<string, { ms: number; calls: number }>();
  for (const k of kernels) {
    const key = process.env['BY_SHAPE'] ? `${k.name} ${JSON.stringify(k.inputShapes)}` : k.name;
    const e = byKernel.get(key) ?? { ms: 0, calls: 0 };
    const t = await k.kernelTimeMs;
    e.ms += typeof t === 'number' ? t : 0;
    e.calls++;
    byKernel.set(key, e);
  }
  // Unprofiled: CPU and wall time per step from the report after batch `warm` to the end of
  // EPOCHS (default 3) epochs of 128 batches (the MNIST asset holds 10,000 digits).
  let cpu0 = process.cpuUsage();
  let t0 = performance.now();
  const epochs = Number(process.env['EPOCHS'] ?? 3);
  const perEpoch = 128;
  await trainModel({
    compiled,
    data: prepared(ctx, batch * perEpoch),
    epochs,
    reportEvery: 8,
    onBatchEnd: (m) => {
      if (m.step === warm - 1) {
        cpu0 = process.cpuUsage();
        t0 = performance.now();
      }
    },
  });
  const used = process.cpuUsage(cpu0);
  const timed = epochs * perEpoch - warm;
  const cpuMs = (used.user + used.system) / 1000 / timed;
  const wallMs = (performance.now() - t0) / timed;
  compiled.model.dispose();
  const rows = [...byKernel].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, e]) => s + e.ms, 0);
  console.log(
    `${modelId} (Layerloom trainModel): ${kernels.length / counted} kernels/step, kernel time ${(total / counted).toFixed(2)} ms/step; unprofiled CPU ${cpuMs.toFixed(2)} ms/step, wall ${wallMs.toFixed(2)} ms/step (${timed} steps)`,
  );
  for (const [name, e] of rows.slice(0, Number(process.env['ROWS'] ?? 24)))
    console.log(
      `${name.padEnd(28)} ${(e.ms / counted).toFixed(3)} ms/step  ${(e.calls / counted).toFixed(1)} calls`,
    );
}

void main();
