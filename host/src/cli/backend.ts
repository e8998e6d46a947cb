import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { prepareWasmBackend, type WasmThreading } from '../../../graph-core/src/backends';
import {
  chooseWasmThreads,
  nodeThreadedSource,
  wasmThreadsFailure,
  wasmThreadsInUse,
} from '../../../graph-core/src/backends';
import { describeWasmThreads } from '../../../graph-core/src/backends';
import {
  autoCandidates as chooserCandidates,
  probeFailedReason,
  startOrder,
  startReason,
  type BackendAvailability,
  choiceReason,
  selectBackend,
  type BackendChoice as ProbeResult,
  type BackendProbe,
  type ProbeCache,
} from '../../../graph-core/src/backends';
import type { CompiledGraph } from '../../../graph-core/src/compile';
import { nodeWebGPU, type WebGPUSetup } from './webgpu-node';

export const BACKEND_CHOICES = ['auto', 'cpu', 'wasm', 'webgpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
type Backend = Exclude<BackendChoice, 'auto'>;

/** A backend that cannot run on this machine (missing package, no GPU): the user's situation, not a bug. */
export class BackendUnavailableError extends Error {}

/** The .wasm binaries: beside the bundle when built (scripts/build-cli.mjs copies them), else from node_modules. */
function wasmDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  if (existsSync(path.join(here, 'tfjs-backend-wasm-simd.wasm'))) return here;
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

/**
 * XNNPACK threads for wasm (tfjs's threaded build): LAYERLOOM_WASM_THREADS (1 = single-threaded),
 * else one per core but one, up to 4. The core left free matters: XNNPACK splits every op evenly
 * over its threads and waits for the last, so one other busy process (the app, a browser) made two
 * threads on 2 cores 2.1× (MLP) and 2.7× (LSTM) slower than one, where an idle machine gains only
 * 1.2–1.6× from the second (docs/PERFORMANCE.md, *wasm threads beside other work*). Needs the
 * build's Emscripten glue, which stays in node_modules.
 */
export function cliWasmThreads(cores: number, requested?: string): number {
  return chooseWasmThreads(cores - 1, requested);
}

function wasmThreading(): WasmThreading | undefined {
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const threads = cliWasmThreads(cores, process.env['LAYERLOOM_WASM_THREADS']);
  if (threads <= 1) return undefined;
  try {
    const glueUrl = createRequire(import.meta.url).resolve(
      '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js',
    );
    const wasmBinary = readFileSync(path.join(wasmDir(), 'tfjs-backend-wasm-threaded-simd.wasm'));
    return { threads, source: nodeThreadedSource(glueUrl, wasmBinary) };
  } catch {
    return undefined;
  }
}

/**
 * The reason text with what the backend runs on: wasm's thread count, webgpu's adapter (shown in
 * the run's header and summary).
 */
function withDetails(backend: Backend, reason: string, gpu?: WebGPUSetup): string {
  if (backend === 'webgpu' && gpu && 'adapter' in gpu)
    return `${reason}; adapter ${gpu.adapter}${gpu.software ? ', a software renderer' : ''}`;
  if (backend !== 'wasm') return reason;
  return `${reason}; ${describeWasmThreads(wasmThreadsInUse() ?? 1, wasmThreadsFailure())}`;
}

let wasmPrepared = false;

/**
 * What this machine offers graph-core's chooser: webgpu, wasm and cpu (no webgl in Node). WebGPU
 * counts only with a hardware adapter: a software one (SwiftShader) compiles shaders for seconds and
 * trains slower than wasm.
 */
function nodeAvailability(gpu: WebGPUSetup): BackendAvailability {
  const why =
    'missing' in gpu
      ? gpu.missing
      : gpu.software
        ? `only a software adapter (${gpu.adapter}); use --backend webgpu to train on it anyway`
        : null;
  return { present: ['webgpu', 'wasm', 'cpu'], ...(why === null ? {} : { unusable: { webgpu: why } }) };
}

/** What `auto` probes here and what it leaves out with why (graph-core's chooser). */
export function autoCandidates(gpu: WebGPUSetup): { candidates: Backend[]; skipped: BackendProbe[] } {
  const { candidates, skipped } = chooserCandidates(nodeAvailability(gpu));
  return { candidates: candidates.filter((b): b is Backend => b !== 'webgl'), skipped };
}

/**
 * Starts `chosen`, else the next backend in graph-core's start order, and says why it landed where
 * it did. A webgpu that cannot run here is not tried again down the chain.
 */
async function start(
  chosen: Backend,
  how: string,
  gpu: WebGPUSetup,
): Promise<{ backend: Backend; reason: string }> {
  const failures: string[] = [];
  for (const b of startOrder(chosen, nodeAvailability(gpu))) {
    if (b === 'webgl') continue;
    try {
      await use(b);
      return { backend: b, reason: startReason(chosen, b, how, failures) };
    } catch (err) {
      if (err instanceof BackendUnavailableError) throw err;
      failures.push(err instanceof Error ? err.message : String(err));
    }
  }
  throw new Error(`no backend could start: ${failures.join('; ')}`);
}

async function use(name: Backend): Promise<void> {
  if (name === 'webgpu') {
    const gpu = await nodeWebGPU();
    if ('missing' in gpu) throw new BackendUnavailableError(`webgpu is unavailable: ${gpu.missing}`);
  }
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
  backend: Backend;
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
 * `auto` times a few real training steps of this model on each candidate (graph-core's probe) —
 * webgpu where a hardware adapter exists, wasm, cpu — and keeps the fastest one that works; a
 * named backend is used as asked.
 */
export async function chooseBackend(
  choice: BackendChoice,
  model?: { compiled: CompiledGraph; batchSize: number },
  probeOptions: ProbeOptions = {},
): Promise<BackendDecision> {
  if (choice !== 'auto') {
    const gpu = await nodeWebGPU();
    const { backend, reason } = await start(choice, 'chosen with --backend', gpu);
    return { backend, reason: withDetails(backend, reason, gpu) };
  }
  await use('cpu');
  if (!model) return { backend: 'cpu', reason: 'no model to probe' };
  const { compiled, batchSize } = model;
  try {
    const gpu = await nodeWebGPU();
    const { candidates, skipped } = autoCandidates(gpu);
    const probedGpu = candidates.includes('webgpu') && 'adapter' in gpu ? gpu.adapter : null;
    prepareWasmBackend(wasmDir() + path.sep, wasmThreading());
    wasmPrepared = true;
    // Another GPU makes another answer even on the same CPU.
    const machine = probeOptions.machineKey ?? 'this-machine';
    const picked = await selectBackend({
      model: compiled.model,
      loss: compiled.loss,
      labels: compiled.labelEncoding,
      batchSize,
      candidates,
      steps: 2,
      budgetMs: 1500,
      ...(probeOptions.cache ? { cache: probeOptions.cache } : {}),
      machineKey: probedGpu === null ? machine : `${machine}|gpu ${probedGpu}`,
    });
    const winner = candidates.find((b) => b === picked.chosen) ?? 'cpu';
    const { backend, reason } = await start(winner, choiceReason(picked), gpu);
    return {
      backend,
      reason:
        backend !== 'webgpu' && probedGpu !== null
          ? `${withDetails(backend, reason)}; webgpu adapter ${probedGpu}`
          : withDetails(backend, reason, gpu),
      probe: { ...picked, probes: [...picked.probes, ...skipped], cached: picked.cached === true },
    };
  } catch (err) {
    await use('cpu');
    return { backend: 'cpu', reason: probeFailedReason(err) };
  }
}

/**
 * Why a backend named on the command line cannot run here (asked before any run folder exists),
 * or null. Only webgpu depends on the machine.
 */
export async function backendUnavailable(choice: BackendChoice): Promise<string | null> {
  if (choice !== 'webgpu') return null;
  const gpu = await nodeWebGPU();
  return 'missing' in gpu ? `--backend webgpu cannot run here: ${gpu.missing}` : null;
}
