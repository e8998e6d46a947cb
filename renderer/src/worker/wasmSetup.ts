/**
 * Starts tfjs-wasm in the training worker on its threaded build (XNNPACK's pool, half the cores up
 * to 4, or what `?wasmThreads=N` asks) through graph-core's `useThreadedWasm`, with the helpers' scripts served as files of the
 * app so the CSP needs no `blob:` in script-src. Any failure leaves tfjs's single-threaded SIMD build
 * running, with the reason kept for the run's summary.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { glueUrl, workerUrl } from 'virtual:tfjs-pthread-scripts';
import { prepareWasmBackend, type WasmThreading } from '../../../graph-core/src/backends';
import { chooseWasmThreads, wasmThreadsFailure, wasmThreadsInUse } from '../../../graph-core/src/backends';

/**
 * A build-time override of the thread count (the CLI's LAYERLOOM_WASM_THREADS, as
 * `VITE_LAYERLOOM_WASM_THREADS=1 vite build`): how the bench builds the app to compare 1 thread.
 */
const REQUESTED_THREADS = import.meta.env['VITE_LAYERLOOM_WASM_THREADS'] as string | undefined;

/** The page's `?wasmThreads=N`, passed with the run (see `requestWasmThreads`). */
let requestedForRun: number | undefined;

/**
 * Half the cores, up to 4, unless asked otherwise: the page, its charts and the GPU process need
 * the rest. Measured in Chromium on 2 cores, a second thread made the MLP 0.74–0.82× as fast and
 * the CNN 1.03–1.05× (docs/PERFORMANCE.md); the CLI takes one per core but one.
 */
function wantedThreads(): number {
  const cores = navigator.hardwareConcurrency || 1;
  return chooseWasmThreads(Math.floor(cores / 2), requestedForRun ?? REQUESTED_THREADS);
}

/** A thread count asked for with this run; takes effect only before wasm has started in this worker. */
export function requestWasmThreads(threads: number | undefined): void {
  requestedForRun = threads;
}

let prepared: Promise<void> | null = null;
/** Why threads were not even tried (the threaded start's own failures come from graph-core). */
let notTried: string | null = null;

/** Idempotent; call before `tf.setBackend('wasm')` (the build cannot change once wasm has started). */
export function prepareWasm(): Promise<void> {
  prepared ??= (async () => {
    setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    });
    // tfjs's own start is the fallback and stays single-threaded: its threaded path loads the
    // helpers from blob: URLs, which the CSP refuses.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    prepareWasmBackend(undefined, await threading(wantedThreads()));
  })();
  return prepared;
}

async function threading(threads: number): Promise<WasmThreading | undefined> {
  if (threads <= 1) return undefined;
  if (!globalThis.crossOriginIsolated) {
    notTried = `${threads} threads need a cross-origin isolated page (SharedArrayBuffer); running on one`;
    return undefined;
  }
  try {
    const response = await fetch(wasmThreaded);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const wasmBinary = new Uint8Array(await response.arrayBuffer());
    // The helpers resolve relative URLs against their own script, so hand them absolute ones.
    const absolute = (url: string) => new URL(url, self.location.href).href;
    containHelperErrors(absolute(workerUrl));
    return { threads, source: { wasmBinary, glueUrl: absolute(glueUrl), workerUrl: absolute(workerUrl) } };
  } catch (error) {
    notTried = `the threaded build could not be loaded (${String(error)}); running on one thread`;
    return undefined;
  }
}

/**
 * A helper that dies while loading reaches this worker twice, as its own uncaught error and as the
 * ErrorEvent that the Emscripten glue rethrows; uncancelled, each would reach the page as a crash of
 * the training worker. The threaded start already turns them into the one-thread fallback.
 */
function containHelperErrors(helperUrl: string): void {
  self.addEventListener('error', (event: ErrorEvent) => {
    if (event.filename === helperUrl || event.error instanceof ErrorEvent) event.preventDefault();
  });
}

/** Threads of the running wasm backend, and why not more when the threaded start was refused. */
export function wasmThreads(): { count: number; failure: string | null } {
  return { count: wasmThreadsInUse() ?? 1, failure: wasmThreadsFailure() ?? notTried };
}

/** Threads wasm will start with here (before it has started), for keying remembered probes. */
export function plannedWasmThreads(): number {
  return globalThis.crossOriginIsolated ? wantedThreads() : 1;
}
