// What a training step costs besides time: engine kernels per step (each one tfjs bookkeeping on
// the CPU, a dispatch on WebGPU/WebGL) and the peak resident memory of a training run, for the
// hand-written tfjs loop and for Layerloom's trainModel, on wasm.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { NODE_WASM_DIR, prepareWasmBackend } from '../graph-core/src/backends/wasm';
import { compileGraph } from '../graph-core/src/compile/index';
import { setFusedLayers } from '../graph-core/src/compile/fused-layers';
import { setFusedCrossentropy } from '../graph-core/src/compile/losses';
import { setFusedRecurrent } from '../graph-core/src/compile/fused-recurrent';
import { trainModel } from '../graph-core/src/train/loop';
import type { BenchContext, BenchSection } from './contract';
import { loadMnist, type BenchData } from './data';
import { MODELS, type ModelId } from './models';
import { fmt } from './table';
import { handWrittenLoop, measureHandWritten } from './tfjs-train';
import { benchGraph, measureTrainModel, prepared } from './train-model.bench';

interface ProfileState {
  state: { profiling: boolean; activeProfile: { kernels: unknown[] } };
}
const engineState = () => (tf.engine() as unknown as ProfileState).state;
const kernelsSoFar = (): number => engineState().activeProfile.kernels.length;

/**
 * Runs `fn` with the engine recording every kernel it runs (what tf.profile does, without its
 * summary, which overflows the stack on an unfused LSTM's ~100,000 kernels).
 */
async function recordingKernels(fn: () => Promise<void> | void): Promise<void> {
  const state = engineState();
  state.activeProfile.kernels = [];
  state.profiling = true;
  try {
    await fn();
  } finally {
    state.profiling = false;
  }
}

/** Kernels per step of the hand-written loop: steps 3–10 of a profile (after warm-up steps). */
async function handWrittenKernels(model: ModelId, data: BenchData): Promise<number> {
  const loop = handWrittenLoop(MODELS[model], data, 64);
  try {
    for (let i = 0; i < 3; i++) loop.step(i);
    await loop.sync();
    await recordingKernels(() => {
      for (let i = 3; i < 11; i++) loop.step(i);
    });
    return kernelsSoFar() / 8;
  } finally {
    engineState().activeProfile.kernels = [];
    loop.dispose();
  }
}

/**
 * Kernels per step of trainModel, counted between its batch reports 8 and 32 of one epoch of 32
 * batches (reporting every 8 batches, so one loss read-back per 8 steps is included, as in a run).
 */
async function trainModelKernels(ctx: BenchContext, model: ModelId, fused: boolean): Promise<number> {
  const previous = [setFusedRecurrent(fused), setFusedLayers(fused), setFusedCrossentropy(fused)] as const;
  const compiled = compileGraph(benchGraph(model, 64), { featureShape: [28, 28, 1], task: 'classification' });
  const marks = new Map<number, number>();
  try {
    await recordingKernels(async () => {
      await trainModel({
        compiled,
        data: prepared(ctx, 64 * 32),
        epochs: 1,
        reportEvery: 8,
        onBatchEnd: (m) => void marks.set(m.step, kernelsSoFar()),
      });
    });
    const from = marks.get(7);
    const to = marks.get(31);
    if (from === undefined || to === undefined)
      throw new Error(`batch reports missing: ${[...marks.keys()].join()}`);
    return (to - from) / 24;
  } finally {
    engineState().activeProfile.kernels = [];
    compiled.model.dispose();
    setFusedRecurrent(previous[0]);
    setFusedLayers(previous[1]);
    setFusedCrossentropy(previous[2]);
  }
}

export async function kernelsPerStep(
  ctx: BenchContext,
  models: ModelId[],
  data: BenchData,
): Promise<BenchSection> {
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm failed to start');
  const rows: (string | number)[][] = [];
  for (const model of models) {
    ctx.log(`kernels per step: ${model}…`);
    const hand = await handWrittenKernels(model, data);
    const unfused = await trainModelKernels(ctx, model, false);
    const ours = await trainModelKernels(ctx, model, true);
    rows.push([MODELS[model].label, fmt(hand, 1), fmt(unfused, 1), fmt(ours, 1)]);
  }
  return {
    title: 'Engine kernels per training step on wasm (counted as tf.profile counts them; fewer is better)',
    header: ['model', 'tfjs hand-written', 'Layerloom, fusions off', 'Layerloom'],
    rows,
    notes: [
      'A fused LSTM/GRU sequence counts as one kernel forward and none backward (its gradient runs inside the backward pass without engine kernels); inside, it makes one XNNPACK matmul per time step each way (two for GRU) plus four over the whole sequence.',
      '"Fusions off" runs compiled LSTM/GRU layers through tfjs-layers\' cells, Dense/Conv2D layers through tfjs-layers\' own call (MatMul/Conv2D + Add + Relu under a gradient tape) and crossentropy as tfjs ops; "Layerloom" fuses all three (Dense/Conv2D: one kernel forward with a ReLU or softmax inside, an activation/bias-gradient kernel and the two products backward; crossentropy: one kernel each way).',
    ],
  };
}

const CHILD_FLAG = '--memory-child';
type Trainer = 'tfjs' | 'layerloom';
interface MemoryResult {
  maxRssMB?: number;
  wasmHeapMB?: number;
  error?: string;
}

/** The child's side of `--memory-child model:trainer`: trains on wasm, prints one JSON line. */
export async function runMemoryChild(spec: string, ctx: BenchContext): Promise<void> {
  const [model, trainer] = spec.split(':') as [ModelId, Trainer];
  const result: MemoryResult = {};
  try {
    prepareWasmBackend(join(ctx.root, NODE_WASM_DIR));
    const options = { seconds: ctx.seconds, warmupSeconds: ctx.warmup, batchSize: 64 };
    if (trainer === 'tfjs')
      await measureHandWritten(MODELS[model], 'wasm', loadMnist(ctx.root, 8000), options);
    else await measureTrainModel(ctx, model, 'wasm', 1000, ctx.seconds);
    const backend = tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } };
    result.wasmHeapMB = backend.wasm.HEAPU8.byteLength / 2 ** 20;
    result.maxRssMB = process.resourceUsage().maxRSS / 1024;
  } catch (e) {
    result.error = (e as Error).message.split('\n')[0];
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function memoryInChild(ctx: BenchContext, model: ModelId, trainer: Trainer, seconds: number): MemoryResult {
  const run = spawnSync(
    process.execPath,
    [
      process.argv[1]!,
      CHILD_FLAG,
      `${model}:${trainer}`,
      '--seconds',
      String(seconds),
      '--warmup',
      '1',
      '--root',
      ctx.root,
    ],
    {
      cwd: ctx.root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: (seconds * 3 + 60) * 1000,
    },
  );
  const line = run.stdout?.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as MemoryResult;
  } catch {
    return { error: `child exited ${run.status ?? run.signal}: ${line.slice(0, 200)}` };
  }
}

/** Peak RSS of a whole training run, each in a fresh process (a process's peak never falls). */
export function peakMemory(ctx: BenchContext, models: ModelId[]): BenchSection {
  const seconds = Math.min(ctx.seconds, 4);
  const rows = models.map((model) => {
    ctx.log(`peak memory: ${model}, tfjs then Layerloom…`);
    const hand = memoryInChild(ctx, model, 'tfjs', seconds);
    const ours = memoryInChild(ctx, model, 'layerloom', seconds);
    for (const r of [hand, ours]) if (r.error !== undefined) ctx.log(`  ${model}: ${r.error}`);
    const ratio = hand.maxRssMB && ours.maxRssMB ? `${(ours.maxRssMB / hand.maxRssMB).toFixed(2)}×` : '—';
    return [
      MODELS[model].label,
      fmt(hand.maxRssMB),
      fmt(ours.maxRssMB),
      ratio,
      fmt(hand.wasmHeapMB),
      fmt(ours.wasmHeapMB),
    ];
  });
  return {
    title: `Peak resident memory of a ${seconds} s training run on wasm (MB; a fresh process each, MNIST 8,000 loaded)`,
    header: [
      'model',
      'tfjs hand-written',
      'Layerloom',
      'Layerloom / tfjs (goal ≤ 1.5×)',
      'wasm heap tfjs',
      'wasm heap Layerloom',
    ],
    rows,
    notes: [
      "Peak RSS is the kernel's maxRSS of the child process; the wasm heap only grows, so its final size is its peak.",
    ],
  };
}
