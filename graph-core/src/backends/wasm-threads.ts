// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the ambient types must travel with this file into every tsconfig that compiles it (host, renderer)
/// <reference path="./tfjs-wasm-threaded.d.ts" />
// tfjs-backend-wasm's threaded SIMD build (XNNPACK's thread pool on Emscripten pthreads), started by
// us instead of by tfjs 4.22, which never picks it in Node (its WASM_HAS_MULTITHREAD_SUPPORT flag
// is false there), hands pthread workers `blob:` URLs that Node's Worker refuses, and caps the
// pool at half the logical cores (one thread on a 2-core machine). Only the configuration given to
// the untouched Emscripten glue differs; the kernels, the BackendWasm class and the binary are tfjs's.
import { engine, findBackendFactory, registerBackend, removeBackend } from '@tensorflow/tfjs';
import type { KernelBackend } from '@tensorflow/tfjs';
import { BackendWasm, getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as threadedGlue from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import { wasmWorkerContents } from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js';

/** What a host supplies to run the threaded build; graph-core itself reads no files. */
export interface ThreadedWasmSource {
  /** The bytes of `tfjs-backend-wasm-threaded-simd.wasm`. */
  wasmBinary: Uint8Array;
  /** What each pthread worker starts from: {@link nodePthreadWorkerUrl} in Node. */
  workerUrl: unknown;
  /** The untouched glue (`wasm-out/tfjs-backend-wasm-threaded-simd.js`) each worker loads: a file path in Node. */
  glueUrl: string;
  /** How long the helpers may take to load before one thread is used instead; 30 s unless given. */
  startLimitMs?: number;
}

/** tfjs registers wasm with this priority; re-registering keeps backend auto-selection unchanged. */
const WASM_PRIORITY = 2;
/** tfjs's memory for the threaded build: 16 MiB growing to 4 GiB (its glue's own defaults). */
const HEAP = { initial: 256, maximum: 65536, shared: true };
/**
 * The glue waits for all its pthread helpers to load, forever when one cannot (a refused script):
 * without a limit the user would be left with no backend at all instead of the one-thread fallback.
 */
const START_LIMIT_MS = 30_000;

interface WebAssemblyApi {
  Memory: new (desc: typeof HEAP) => object;
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: object; module: object }>;
}
const webAssembly = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
// graph-core compiles without DOM or Node types; every host has these.
const host = globalThis as unknown as {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  console: { warn(text: string): void };
};

interface NodeWorkerLike {
  unref?: () => void;
}
interface EmscriptenModule {
  cwrap(name: string, returns: string | null, args: string[]): unknown;
  PThread?: { runningWorkers: NodeWorkerLike[] };
  tfjs?: Record<string, unknown>;
}
type GlueFactory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;
const glueFactory = ((threadedGlue as unknown as { default?: GlueFactory }).default ??
  (threadedGlue as unknown as GlueFactory)) as GlueFactory;

/**
 * The threaded build's source in Node: its binary and the glue at `gluePath`, absolute because each
 * pthread worker `require`s from it.
 */
export function nodeThreadedSource(gluePath: string, wasmBinary: Uint8Array): ThreadedWasmSource {
  return { wasmBinary, glueUrl: gluePath, workerUrl: nodePthreadWorkerUrl(gluePath) };
}

/** The pthread worker for Node: tfjs's worker source, given the `require` and `__filename` it expects. */
export function nodePthreadWorkerUrl(gluePath: string): unknown {
  const prelude = [
    "import { createRequire } from 'node:module';",
    `const require = createRequire(${JSON.stringify(gluePath)});`,
    `const __filename = ${JSON.stringify(gluePath)};`,
  ].join('\n');
  // The minified source is one line whose only newlines sit inside string literals (tfjs escapes them too).
  const source = `${prelude}\n${wasmWorkerContents.replace(/\n/g, '\\n')}`;
  const UrlCtor = (globalThis as { URL?: new (href: string) => unknown }).URL;
  if (UrlCtor === undefined) throw new Error('nodePthreadWorkerUrl needs a global URL');
  // Node's Worker takes data: URLs only as URL objects (a string must be a file path).
  return new UrlCtor(`data:text/javascript,${encodeURIComponent(source)}`);
}

async function startThreaded(threads: number, source: ThreadedWasmSource): Promise<KernelBackend> {
  if (webAssembly === undefined) throw new Error('no WebAssembly');
  const wasmMemory = new webAssembly.Memory(HEAP);
  let failed: (reason: unknown) => void = () => {};
  const aborted = new Promise<never>((_, reject) => (failed = reject));
  const limitMs = source.startLimitMs ?? START_LIMIT_MS;
  const limit = host.setTimeout(
    () => failed(new Error(`the pthread helpers did not start within ${limitMs / 1000} s`)),
    limitMs,
  );
  const module = await Promise.race([
    glueFactory({
      // Passed in so our SIMD kernels can import the same heap (the build does not export it).
      wasmMemory,
      mainScriptUrlOrBlob: source.glueUrl,
      locateFile: (path: string, prefix: string) =>
        path.endsWith('.worker.js') ? source.workerUrl : prefix + path,
      instantiateWasm: (
        imports: { env: Record<string, unknown> },
        receive: (i: object, m: object) => void,
      ) => {
        // tfjs's C side sizes its pool as min(requested, logical cores / 2), read once at start-up.
        imports.env['emscripten_num_logical_cores'] = () => 2 * threads;
        webAssembly
          .instantiate(source.wasmBinary, imports)
          .then(({ instance, module: compiled }) => receive(instance, compiled), failed);
        return {};
      },
      onAbort: (why: unknown) => failed(new Error(`threaded wasm aborted: ${String(why)}`)),
      // The glue's only word when a helper dies while loading (it then waits on it for ever).
      printErr: (text: string) => {
        if (text.startsWith('worker sent an error!')) failed(new Error(`a pthread helper failed: ${text}`));
        host.console.warn(text);
      },
    }),
    aborted,
  ]).finally(() => host.clearTimeout(limit));
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  setThreadsCount(threads);
  const backend = new BackendWasm(module as unknown as ConstructorParameters<typeof BackendWasm>[0]);
  // XNNPACK's pool threads run for the backend's lifetime; in Node a running worker keeps the
  // process alive, so a finished CLI run would never exit.
  for (const worker of module.PThread?.runningWorkers ?? []) worker.unref?.();
  return backend;
}

/** tfjs's own start (the single-threaded SIMD build in Node), kept as the fallback. */
let tfjsFactory: (() => KernelBackend | Promise<KernelBackend>) | null = null;

/**
 * Makes `tf.setBackend('wasm')` start the threaded build with `threads` XNNPACK threads; when that
 * start fails it falls back to tfjs's own and {@link wasmThreadsFailure} says why. Returns false, changing nothing, once wasm is
 * running (its build cannot change in a process).
 */
export function useThreadedWasm(threads: number, source: ThreadedWasmSource): boolean {
  // engine().registry holds started backends; tf.findBackend would start it.
  if ('wasm' in (engine() as unknown as { registry: Record<string, unknown> }).registry) return false;
  tfjsFactory ??= findBackendFactory('wasm');
  const fallback = tfjsFactory;
  if (fallback == null) throw new Error('import @tensorflow/tfjs-backend-wasm before useThreadedWasm');
  removeBackend('wasm');
  registerBackend(
    'wasm',
    async () => {
      try {
        return await startThreaded(threads, source);
      } catch (error) {
        threadsFailure = `${threads} threads failed to start (${String(error)}); running on one`;
        return fallback();
      }
    },
    WASM_PRIORITY,
  );
  return true;
}

let threadsFailure: string | null = null;

/** Why the threaded start fell back to one thread, or null. */
export function wasmThreadsFailure(): string | null {
  return threadsFailure;
}

/** XNNPACK threads of the running wasm backend, or null before it has started. */
export function wasmThreadsInUse(): number | null {
  try {
    return getThreadsCount();
  } catch {
    return null;
  }
}

/**
 * Threads to train with: `requested` when it is a whole number ≥ 1 (an option or environment
 * variable, so 1 stays choosable), else one per core up to 4.
 */
export function chooseWasmThreads(cores: number, requested?: string | number): number {
  const asked = typeof requested === 'string' && requested.trim() !== '' ? Number(requested) : requested;
  if (typeof asked === 'number' && Number.isInteger(asked) && asked >= 1) return asked;
  return Math.max(1, Math.min(Math.floor(cores), 4));
}
