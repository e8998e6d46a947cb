import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { prepareWasmBackend, type WasmThreading } from '../../../graph-core/src/backends/wasm';
import {
  chooseWasmThreads,
  nodePthreadWorkerUrl,
  wasmThreadsFailure,
  wasmThreadsInUse,
} from '../../../graph-core/src/backends/wasm-threads';
import {
  selectBackend,
  type BackendChoice as ProbeResult,
  type ProbeCache,
} from '../../../graph-core/src/backends/select';
import type { CompiledGraph } from '../../../graph-core/src/compile/types';

export const BACKEND_CHOICES = ['auto', 'cpu', 'wasm'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** The .wasm binaries: beside the bundle when built (scripts/build-cli.mjs copies them), else from node_modules. */
function wasmDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  if (existsSync(path.join(here, 'tfjs-backend-wasm-simd.wasm'))) return here;
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

/**
 * XNNPACK threads for wasm (tfjs's threaded build): LAYERLOOM_WASM_THREADS (1 = single-threaded),
 * else one per core up to 4. Needs the build's Emscripten glue, which stays in node_modules.
 */
function wasmThreading(): WasmThreading | undefined {
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const threads = chooseWasmThreads(cores, process.env['LAYERLOOM_WASM_THREADS']);
  if (threads <= 1) return undefined;
  try {
    const glueUrl = createRequire(import.meta.url).resolve(
      '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js',
    );
    const wasmBinary = readFileSync(path.join(wasmDir(), 'tfjs-backend-wasm-threaded-simd.wasm'));
    return { threads, source: { wasmBinary, glueUrl, workerUrl: nodePthreadWorkerUrl(glueUrl) } };
  } catch {
    return undefined;
  }
}

/** The reason text, with the thread count when wasm trains (shown in the run's header and summary). */
function withThreads(backend: 'cpu' | 'wasm', reason: string): string {
  if (backend !== 'wasm') return reason;
  const threads = wasmThreadsInUse();
  const failure = wasmThreadsFailure();
  return `${reason}; ${threads ?? 1} thread${threads === 1 ? '' : 's'}${failure === null ? '' : ` (${failure})`}`;
}

let wasmPrepared = false;

async function use(name: 'cpu' | 'wasm'): Promise<void> {
  if (name === 'wasm' && !wasmPrepared) {
    prepareWasmBackend(wasmDir() + path.sep, wasmThreading());
    wasmPrepared = true;
  }
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend failed to start`);
  await tf.ready();
  // The cpu backend greets Node users once with advice to install tfjs-node, which Layerloom does not use.
  const cpu = tf.backend() as unknown as { firstUse?: boolean };
  if (name === 'cpu' && 'firstUse' in cpu) cpu.firstUse = false;
}

export interface BackendDecision {
  backend: 'cpu' | 'wasm';
  reason: string;
  /** What `auto` measured (or remembered): every candidate's samples/s or why it failed. */
  probe?: ProbeResult;
}

export interface ProbeOptions {
  /** Remembers probe results between runs (the CLI keeps them in the workspace). */
  cache?: ProbeCache;
  machineKey?: string;
}

/**
 * `auto` times a few real training steps of this model on wasm and cpu (graph-core's probe) and
 * keeps the faster one that works; a named backend is used as asked.
 */
export async function chooseBackend(
  choice: BackendChoice,
  model?: { compiled: CompiledGraph; batchSize: number },
  probeOptions: ProbeOptions = {},
): Promise<BackendDecision> {
  if (choice !== 'auto') {
    await use(choice);
    return { backend: choice, reason: withThreads(choice, 'chosen with --backend') };
  }
  await use('cpu');
  if (!model) return { backend: 'cpu', reason: 'no model to probe' };
  const { compiled, batchSize } = model;
  try {
    prepareWasmBackend(wasmDir() + path.sep, wasmThreading());
    wasmPrepared = true;
    const picked = await selectBackend({
      model: compiled.model,
      loss: compiled.loss,
      labels: compiled.labelEncoding,
      batchSize,
      candidates: ['wasm', 'cpu'],
      steps: 2,
      budgetMs: 1500,
      ...(probeOptions.cache ? { cache: probeOptions.cache } : {}),
      ...(probeOptions.machineKey ? { machineKey: probeOptions.machineKey } : {}),
    });
    const backend = picked.chosen === 'wasm' ? 'wasm' : 'cpu';
    await use(backend);
    return {
      backend,
      reason: withThreads(
        backend,
        picked.cached ? `${picked.reason} (probed earlier on this machine)` : picked.reason,
      ),
      probe: { ...picked, cached: picked.cached === true },
    };
  } catch (err) {
    await use('cpu');
    return {
      backend: 'cpu',
      reason: `probe failed (${err instanceof Error ? err.message : String(err)}); using cpu`,
    };
  }
}
