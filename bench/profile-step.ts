// Where a training step's time goes on wasm, per kernel: `npx tsx`-free, bundled like the bench
// (`node bench/profile-step.mjs [cnn|mlp|lstm] [steps]`; FUSED=1 fuses LSTM/GRU layers; BY_SHAPE=1 splits by input shapes). tf.profile times each kernel on the
// synchronous wasm backend, so the sums are real wall time spent inside kernels.
// LAYERLOOM_WASM_THREADS=N profiles tfjs's threaded build with N XNNPACK threads (default 1 here).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { NODE_WASM_DIR, prepareWasmBackend } from '../graph-core/src/backends/wasm';
import { wasmThreadsInUse } from '../graph-core/src/backends/wasm-threads';
import { FusedAdamOptimizer } from '../graph-core/src/compile/fused-adam';
import { fuseRecurrentOnWasm } from '../graph-core/src/compile/fused-recurrent';
import { nodeThreading } from './wasm-threads';
import { MODELS, type ModelId } from './models';

const modelId = (process.argv[2] ?? 'cnn') as ModelId;
const steps = Number(process.argv[3] ?? 20);
const batch = 64;

async function main(): Promise<void> {
  const threads = Number(process.env['LAYERLOOM_WASM_THREADS'] ?? 1);
  prepareWasmBackend(NODE_WASM_DIR, threads > 1 ? nodeThreading(process.cwd(), threads) : undefined);
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm failed');
  console.log(`wasm with ${wasmThreadsInUse()} XNNPACK thread(s)`);
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

void main();
