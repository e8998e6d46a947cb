/**
 * Sets the worker's tfjs backend: WebGPU where the platform offers an adapter, WebGL on the worker's
 * OffscreenCanvas, else wasm (made trainable with the extra gradient kernels), else cpu, saying why
 * each faster one was passed over.
 */
import * as tf from '@tensorflow/tfjs';
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import {
  choiceReason,
  memoryProbeCache,
  selectBackend,
  type ProbeCache,
} from '../../../graph-core/src/backends';
import type { CompiledGraph } from '../../../graph-core/src/compile';
import { indexedDbStore, machineKey, storedProbeCache } from './probeStore';
import type { BackendInfo, BackendPick } from './protocol';
import { plannedWasmThreads, prepareWasm, wasmThreads } from './wasmSetup';
import { describeWasmThreads, threadCount } from '../../../graph-core/src/backends';

const FALLBACK_ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
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
    const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike }).gpu;
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

async function usableCandidates(): Promise<string[]> {
  const gpu = await webgpuUsable();
  return FALLBACK_ORDER.filter((b) => b !== 'webgpu' || gpu);
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

/**
 * Picks and sets the backend. `auto` times a few real steps of `probeModel` on each candidate
 * (graph-core's probe); a named pick falls back down the list with the reason kept.
 */
export async function setupBackend(pick: BackendPick, probe: () => CompiledGraph): Promise<BackendInfo> {
  if (pick === 'auto') {
    await prepareWasm();
    const compiled = probe();
    try {
      const choice = await selectBackend({
        model: compiled.model,
        loss: compiled.loss,
        labels: compiled.labelEncoding,
        batchSize: compiled.optimizerConfig.batchSize,
        candidates: await usableCandidates(),
        cache: probeCache,
        machineKey: machineKey(
          navigator.userAgent,
          navigator.hardwareConcurrency,
          gpuName(),
          plannedWasmThreads(),
        ),
        steps: 2,
        budgetMs: 1500,
      });
      const failed = await trySet(choice.chosen);
      if (!failed) {
        return {
          backend: choice.chosen,
          renderer: await rendererName(),
          fallbackReason: withThreadFailure(choice.chosen, null),
          reason: withThreads(choice.chosen, choiceReason(choice)),
          probes: choice.probes,
          probeCached: choice.cached === true,
        };
      }
    } finally {
      compiled.model.dispose();
    }
  }
  const reasons: string[] = pick === 'auto' ? ['the probe picked a backend that then failed to start'] : [];
  const start = pick === 'auto' ? 0 : FALLBACK_ORDER.indexOf(pick);
  for (const name of FALLBACK_ORDER.slice(start)) {
    const failed = await trySet(name);
    if (!failed) {
      const how =
        name === pick ? 'chosen in the training panel' : `fell back from ${pick}: ${reasons.join('; ')}`;
      return {
        backend: name,
        renderer: await rendererName(),
        fallbackReason: withThreadFailure(name, reasons.length ? reasons.join('; ') : null),
        reason: withThreads(name, how),
        probes: [],
      };
    }
    reasons.push(failed);
  }
  throw new Error(`No tfjs backend could start: ${reasons.join('; ')}`);
}
