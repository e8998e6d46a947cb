/**
 * Sets the worker's tfjs backend with graph-core's chooser (candidate order, start order, reason
 * text: graph-core/src/backends/choose.ts). This file keeps the worker's own part: whether WebGPU
 * has an adapter, WebGL on the worker's OffscreenCanvas, wasm's setup, and starting each backend.
 */
import * as tf from '@tensorflow/tfjs';
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import {
  autoCandidates,
  choiceReason,
  isBackendName,
  memoryProbeCache,
  startOrder,
  startReason,
  type BackendAvailability,
  type BackendName,
  selectBackend,
  type ProbeCache,
  type ProbeEvent,
} from '../../../graph-core/src/backends';
import type { CompiledGraph } from '../../../graph-core/src/compile';
import { indexedDbStore, machineKey, storedProbeCache } from './probeStore';
import type { BackendInfo, BackendPick } from './protocol';
import { plannedWasmThreads, prepareWasm, wasmThreads } from './wasmSetup';
import { describeWasmThreads, threadCount } from '../../../graph-core/src/backends';

const probeCache: ProbeCache = globalThis.indexedDB
  ? storedProbeCache(indexedDbStore(globalThis.indexedDB, 'layerloom', 'backendProbes'))
  : memoryProbeCache();

/** The GPU's name without starting the webgl backend: a throwaway context on an OffscreenCanvas. */
function gpuName(): string | null {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const name: unknown = gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return typeof name === 'string' ? name : null;
  } catch {
    return null;
  }
}

interface GpuLike {
  requestAdapter(): Promise<unknown>;
}

let webgpuAdapter: Promise<boolean> | null = null;

/** WebGPU counts only with a real adapter: headless and GPU-less machines expose navigator.gpu without one. */
function webgpuUsable(): Promise<boolean> {
  webgpuAdapter ??= (async () => {
    // Optional chaining: a worker always has navigator, Node 20 (the run-parity test) has none.
    const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike } | undefined)?.gpu;
    if (!gpu) return false;
    try {
      if ((await gpu.requestAdapter()) == null) return false;
      // Loaded only where it can run: registered, it would outrank webgl as tfjs's default backend.
      await import('@tensorflow/tfjs-backend-webgpu');
      return tf.findBackendFactory('webgpu') != null;
    } catch {
      return false;
    }
  })();
  return webgpuAdapter;
}

/** What the worker offers graph-core's chooser: every backend, webgpu only with a real adapter. */
async function availability(): Promise<BackendAvailability> {
  const gpu = await webgpuUsable();
  return {
    present: ['webgpu', 'webgl', 'wasm', 'cpu'],
    ...(gpu ? {} : { unusable: { webgpu: 'WebGPU is not available here (no GPU adapter)' } }),
  };
}

async function trySet(name: string): Promise<string | null> {
  if (name === 'wasm') await prepareWasm();
  if (name === 'webgpu' && !(await webgpuUsable())) return 'WebGPU is not available here (no GPU adapter)';
  try {
    if (await tf.setBackend(name)) {
      await tf.ready();
      return null;
    }
    return `${name} did not initialise`;
  } catch (error) {
    return `${name} failed: ${(error as Error).message}`;
  }
}

export function webglContext(): WebGL2RenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return (tf.backend() as MathBackendWebGL).gpgpu.gl as WebGL2RenderingContext;
}

/** The GPU's name as the driver reports it (WEBGL_debug_renderer_info), else the backend's kind. */
export async function rendererName(): Promise<string> {
  const gl = webglContext();
  if (gl) {
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const name = ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
    return typeof name === 'string' ? name : 'WebGL';
  }
  if (tf.getBackend() === 'webgpu') return 'WebGPU';
  if (tf.getBackend() === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    return `WebAssembly${simd ? ' SIMD' : ''}, ${threadCount(wasmThreads().count)}`;
  }
  return 'JavaScript (cpu)';
}

function withThreads(backend: string, reason: string): string {
  if (backend !== 'wasm') return reason;
  const { count, failure } = wasmThreads();
  return `${reason}; ${describeWasmThreads(count, failure)}`;
}

/** On wasm, a refused threaded start is one more reason the run is slower than it could be. */
function withThreadFailure(backend: string, fallbackReason: string | null): string | null {
  const failure = backend === 'wasm' ? wasmThreads().failure : null;
  return [fallbackReason, failure].filter((r) => r !== null).join('; ') || null;
}

/** Starts `chosen`, else the next one in graph-core's start order, saying why it landed there. */
async function start(
  chosen: BackendName,
  how: string,
  available: BackendAvailability,
): Promise<Omit<BackendInfo, 'probes' | 'probeCached'>> {
  const failures: string[] = [];
  for (const name of startOrder(chosen, available)) {
    const failed = await trySet(name);
    if (!failed) {
      return {
        backend: name,
        renderer: await rendererName(),
        fallbackReason: withThreadFailure(name, failures.length ? failures.join('; ') : null),
        reason: withThreads(name, startReason(chosen, name, how, failures)),
      };
    }
    failures.push(failed);
  }
  throw new Error(`No tfjs backend could start: ${failures.join('; ')}`);
}

/**
 * Picks and sets the backend. `auto` times a few real steps of `probeModel` on each candidate
 * (graph-core's probe); a named pick, or a winner that then fails to start, falls down graph-core's
 * start order with the reason kept.
 */
export async function setupBackend(
  pick: BackendPick,
  probe: () => CompiledGraph,
  onProbe?: (event: ProbeEvent) => void,
): Promise<BackendInfo> {
  const available = await availability();
  if (pick !== 'auto') {
    return { ...(await start(pick, 'chosen in the training panel', available)), probes: [] };
  }
  await prepareWasm();
  const compiled = probe();
  try {
    // The panel lists measured candidates only; the left-out ones show as missing from the list.
    const { candidates } = autoCandidates(available);
    const choice = await selectBackend({
      model: compiled.model,
      loss: compiled.loss,
      labels: compiled.labelEncoding,
      batchSize: compiled.optimizerConfig.batchSize,
      candidates,
      cache: probeCache,
      machineKey: machineKey(
        navigator.userAgent,
        navigator.hardwareConcurrency,
        gpuName(),
        plannedWasmThreads(),
      ),
      steps: 2,
      budgetMs: 1500,
      ...(onProbe && { onProbe }),
    });
    const winner = isBackendName(choice.chosen) ? choice.chosen : 'cpu';
    return {
      ...(await start(winner, choiceReason(choice), available)),
      probes: choice.probes,
      probeCached: choice.cached === true,
    };
  } finally {
    compiled.model.dispose();
  }
}
