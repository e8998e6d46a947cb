// tfjs-wasm with more than one XNNPACK thread, beside the single-threaded column. A process holds
// one wasm build (tfjs's kernels bind the module's functions into module-level variables), so each
// threaded column runs in a child process of this bench, one model at a time, between the
// single-threaded and the PyTorch runs of that model so all three see similar load.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  NODE_THREADED_GLUE,
  NODE_THREADED_WASM,
  NODE_WASM_DIR,
  prepareWasmBackend,
  type WasmThreading,
} from '../graph-core/src/backends/wasm';
import {
  chooseWasmThreads,
  nodeThreadedSource,
  wasmThreadsFailure,
  wasmThreadsInUse,
} from '../graph-core/src/backends/wasm-threads';
import type { BenchContext } from './contract';
import { loadMnist } from './data';
import { MODELS, type ModelId } from './models';
import { measureHandWritten } from './tfjs-train';
import { measureTrainModel } from './train-model.bench';

/** The bench's name for tfjs-wasm on `threads` threads (a column, not a tfjs backend). */
export const threadedBackend = (threads: number): string => `wasm ${threads} thr`;

/** The threaded build from node_modules under `root` (absolute paths: the workers `require` from the glue). */
export function nodeThreading(root: string, threads: number): WasmThreading {
  const wasmBinary = readFileSync(join(root, NODE_THREADED_WASM));
  return { threads, source: nodeThreadedSource(join(root, NODE_THREADED_GLUE), wasmBinary) };
}

/**
 * Thread counts to measure beside one: `--wasm-threads 2,4`, or by default LAYERLOOM_WASM_THREADS,
 * else one per core up to 4 (what an idle machine offers; the CLI itself leaves one core free);
 * `--wasm-threads 1` measures none.
 */
export function threadVariants(option: string, cores: number): number[] {
  const asked =
    option.trim() === ''
      ? [chooseWasmThreads(cores, process.env['LAYERLOOM_WASM_THREADS'])]
      : option.split(',').map(Number);
  return [...new Set(asked.filter((n) => Number.isInteger(n) && n > 1))];
}

export interface ThreadedResult {
  handWritten?: number;
  trainModel?: number;
  threadsInUse?: number | null;
  error?: string;
}

const CHILD_FLAG = '--wasm-threads-child';

/** Runs this bench's own script again with CHILD_FLAG and reads its one JSON line. */
export function measureThreadedInChild(ctx: BenchContext, model: ModelId, threads: number): ThreadedResult {
  const script = process.argv[1]!;
  const run = spawnSync(
    process.execPath,
    [
      script,
      CHILD_FLAG,
      String(threads),
      '--models',
      model,
      '--seconds',
      String(ctx.seconds),
      '--warmup',
      String(ctx.warmup),
      '--root',
      ctx.root,
    ],
    {
      cwd: ctx.root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: (ctx.warmup + 3 * ctx.seconds + 60) * 1000,
    },
  );
  const line = run.stdout?.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as ThreadedResult;
  } catch {
    return { error: `child exited ${run.status ?? run.signal}: ${line.slice(0, 200)}` };
  }
}

/** The child's side of `--wasm-threads-child N --models M`: prints one JSON line. */
export async function runThreadedChild(threads: number, ctx: BenchContext, model: ModelId): Promise<void> {
  const result: ThreadedResult = {};
  try {
    prepareWasmBackend(join(ctx.root, NODE_WASM_DIR), nodeThreading(ctx.root, threads));
    const data = loadMnist(ctx.root, 8000);
    const options = { seconds: ctx.seconds, warmupSeconds: ctx.warmup, batchSize: 64 };
    ctx.log(`tfjs ${model} on wasm, ${threads} threads…`);
    result.handWritten = (await measureHandWritten(MODELS[model], 'wasm', data, options)).samplesPerSec;
    result.threadsInUse = wasmThreadsInUse();
    const failure = wasmThreadsFailure();
    if (failure !== null) result.error = failure;
    ctx.log(`Layerloom trainModel ${model} on wasm, ${threads} threads…`);
    result.trainModel = await measureTrainModel(ctx, model, 'wasm', result.handWritten, ctx.seconds);
  } catch (e) {
    result.error = (e as Error).message.split('\n')[0];
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
