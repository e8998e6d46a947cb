// WebGPU for tfjs in Node, through Dawn's Node binding (the optional `webgpu` package, a native
// .node module that bundles keep external). Dawn reaches the GPU through Vulkan on Linux
// (libvulkan.so.1 and the vendor's ICD must be installed), Metal on macOS, D3D12 on Windows.
// Nothing here loads until WebGPU is asked for or probed, so a machine without a GPU pays nothing.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface NodeWebGPU {
  /** "vendor architecture device (description)" as Dawn reports the adapter. */
  adapter: string;
  /** A CPU implementation (SwiftShader, llvmpipe): works, but far slower than wasm for training. */
  software: boolean;
}

export type WebGPUSetup = NodeWebGPU | { missing: string };

interface DawnGPU {
  requestAdapter: (o?: object) => Promise<DawnAdapter | null>;
}
interface DawnModule {
  create: (options: string[]) => DawnGPU;
  globals: Record<string, unknown>;
}
export interface DawnAdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface DawnAdapter {
  info?: DawnAdapterInfo;
}

export interface WebGPULoaders {
  /** Loads Dawn's binding (the `webgpu` package). */
  dawn: () => Promise<unknown>;
  /** Loads tfjs-backend-webgpu, which registers `webgpu` with tfjs when `navigator.gpu` exists. */
  tfjsBackend: () => Promise<unknown>;
}

const NODE_LOADERS: WebGPULoaders = {
  // A variable specifier keeps bundlers from inlining the native module (also kept external).
  dawn: () => {
    const name = 'webgpu';
    return import(name);
  },
  tfjsBackend: () => import('@tensorflow/tfjs-backend-webgpu'),
};

const firstLine = (text: string): string => text.split('\n')[0]!.trim();

export function describeAdapter(info: DawnAdapterInfo): string {
  const name = [info.vendor, info.architecture, info.device].filter(Boolean).join(' ');
  return `${name || 'unknown adapter'}${info.description ? ` (${info.description})` : ''}`;
}

function isSoftware(info: DawnAdapterInfo): boolean {
  return info.isFallbackAdapter === true || /swiftshader|llvmpipe|lavapipe/i.test(describeAdapter(info));
}

/**
 * Installs `navigator.gpu` from Dawn and registers tfjs's `webgpu` backend. `dawnOptions` go to
 * Dawn's `create`, e.g. `backend=vulkan`. A missing package or adapter is an answer, not an error:
 * `{ missing }` says why in one line.
 */
export async function setupNodeWebGPU(
  dawnOptions: string[] = [],
  loaders: WebGPULoaders = NODE_LOADERS,
): Promise<WebGPUSetup> {
  let dawn: DawnModule;
  try {
    dawn = (await loaders.dawn()) as DawnModule;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'MODULE_NOT_FOUND')
      return { missing: 'the optional webgpu package (Dawn for Node) is not installed' };
    return { missing: `the webgpu package (Dawn for Node) did not load: ${firstLine(err.message)}` };
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create(dawnOptions);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === null) return { missing: 'Dawn found no GPU adapter (no GPU, or no driver for it)' };
  const nav = (globalThis as { navigator?: object }).navigator;
  if (nav === undefined)
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  else Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  await loaders.tfjsBackend();
  const info = adapter.info ?? {};
  return { adapter: describeAdapter(info), software: isSoftware(info) };
}

export interface LoaderProbeEnv {
  platform: NodeJS.Platform;
  ldLibraryPath: string | undefined;
  exists: (file: string) => boolean;
  /** The dynamic linker's cache (/etc/ld.so.cache); undefined where it cannot be read. */
  ldCache: () => string | undefined;
}

const NODE_LOADER_ENV: LoaderProbeEnv = {
  platform: process.platform,
  ldLibraryPath: process.env['LD_LIBRARY_PATH'],
  exists: existsSync,
  ldCache: () => {
    try {
      return readFileSync('/etc/ld.so.cache', 'latin1');
    } catch {
      return undefined;
    }
  },
};

const DEFAULT_LIB_DIRS = ['/lib', '/usr/lib', '/lib64', '/usr/lib64'];

/**
 * Why Dawn need not be loaded at all: on Linux it reaches GPUs only through the Vulkan loader, and
 * without one it prints a native warning on stderr. Looks where the dynamic linker would (the
 * LD_LIBRARY_PATH folders, its cache, the default folders). Null when the loader is there or when
 * this cannot be told (no ld.so.cache): then Dawn itself is asked.
 */
export function vulkanLoaderMissing(env: LoaderProbeEnv = NODE_LOADER_ENV): string | null {
  if (env.platform !== 'linux') return null;
  const dirs = (env.ldLibraryPath ?? '').split(':').filter(Boolean);
  if ([...dirs, ...DEFAULT_LIB_DIRS].some((d) => env.exists(path.join(d, 'libvulkan.so.1')))) return null;
  const cache = env.ldCache();
  if (cache === undefined || cache.includes('libvulkan.so.1')) return null;
  return 'no Vulkan loader (libvulkan.so.1), which Dawn needs to reach a GPU on Linux';
}

let once: Promise<WebGPUSetup> | undefined;

/** The process's one WebGPU setup (navigator.gpu is global), started on first use. */
export function nodeWebGPU(): Promise<WebGPUSetup> {
  once ??= (async (): Promise<WebGPUSetup> => {
    const noLoader = vulkanLoaderMissing();
    if (noLoader !== null) return { missing: noLoader };
    return setupNodeWebGPU();
  })().catch((e: unknown) => ({
    missing: `WebGPU setup failed: ${firstLine(e instanceof Error ? e.message : String(e))}`,
  }));
  return once;
}
