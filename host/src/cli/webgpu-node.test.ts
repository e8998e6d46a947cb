import { afterEach, describe, expect, it } from 'vitest';
import {
  describeAdapter,
  setupNodeWebGPU,
  vulkanLoaderMissing,
  type DawnAdapterInfo,
  type LoaderProbeEnv,
  type WebGPULoaders,
} from './webgpu-node';

const moduleNotFound = (): never => {
  const err = new Error("Cannot find package 'webgpu' imported from /x/layerloom.mjs") as Error & {
    code: string;
  };
  err.code = 'ERR_MODULE_NOT_FOUND';
  throw err;
};

function fakeDawn(adapter: { info: DawnAdapterInfo } | null) {
  const options: string[][] = [];
  const gpu = { requestAdapter: () => Promise.resolve(adapter) };
  return {
    options,
    gpu,
    module: {
      create: (o: string[]) => {
        options.push(o);
        return gpu;
      },
      globals: { GPUBufferUsage: { MAP_READ: 1 } },
    },
  };
}

const loaders = (
  dawn: () => Promise<unknown>,
  tfjsBackend: () => Promise<unknown> = () => Promise.resolve({}),
): WebGPULoaders => ({
  dawn,
  tfjsBackend,
});

// setupNodeWebGPU installs globals as Dawn's browser-like API expects; put them back after each test.
const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
afterEach(() => {
  if (saved) Object.defineProperty(globalThis, 'navigator', saved);
  else delete (globalThis as { navigator?: unknown }).navigator;
  delete (globalThis as { GPUBufferUsage?: unknown }).GPUBufferUsage;
});

describe('setting up WebGPU in Node', () => {
  it('says in one line that the optional package is not installed, without loading tfjs-backend-webgpu', async () => {
    let backendLoaded = false;
    const r = await setupNodeWebGPU(
      [],
      loaders(
        () => Promise.resolve().then(moduleNotFound),
        () => Promise.resolve((backendLoaded = true)),
      ),
    );
    expect(r).toEqual({ missing: 'the optional webgpu package (Dawn for Node) is not installed' });
    expect(backendLoaded).toBe(false);
  });

  it('gives the first line of the loader error when the native module is there but does not load', async () => {
    const r = await setupNodeWebGPU(
      [],
      loaders(() => Promise.reject(new Error('GLIBC_2.38 not found (required by dawn.node)\n  at stack'))),
    );
    expect(r).toEqual({
      missing:
        'the webgpu package (Dawn for Node) did not load: GLIBC_2.38 not found (required by dawn.node)',
    });
  });

  it('says Dawn found no adapter when there is no GPU driver', async () => {
    const dawn = fakeDawn(null);
    const r = await setupNodeWebGPU(
      ['backend=vulkan'],
      loaders(() => Promise.resolve(dawn.module)),
    );
    expect(r).toEqual({ missing: 'Dawn found no GPU adapter (no GPU, or no driver for it)' });
    expect(dawn.options).toEqual([['backend=vulkan']]);
  });

  it.each([
    [
      'a hardware GPU',
      { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H200', isFallbackAdapter: false },
      'nvidia hopper (NVIDIA H200)',
      false,
    ],
    [
      'SwiftShader',
      {
        vendor: 'google',
        architecture: 'swiftshader',
        device: 'swiftshader-device-subzero-',
        description: 'SwiftShader driver 5.0.0',
        isFallbackAdapter: true,
      },
      'google swiftshader swiftshader-device-subzero- (SwiftShader driver 5.0.0)',
      true,
    ],
    [
      'llvmpipe without the fallback flag',
      { vendor: 'mesa', architecture: 'llvmpipe' },
      'mesa llvmpipe',
      true,
    ],
  ])(
    'installs navigator.gpu, loads tfjs-backend-webgpu after it and names %s',
    async (_what, info, adapter, software) => {
      const dawn = fakeDawn({ info });
      let gpuAtBackendLoad: unknown;
      const r = await setupNodeWebGPU(
        [],
        loaders(
          () => Promise.resolve(dawn.module),
          () =>
            Promise.resolve(
              (gpuAtBackendLoad = (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu),
            ),
        ),
      );
      expect(r).toEqual({ adapter, software });
      expect(gpuAtBackendLoad).toBe(dawn.gpu);
      expect((globalThis as { GPUBufferUsage?: unknown }).GPUBufferUsage).toEqual({ MAP_READ: 1 });
    },
  );

  it('names an adapter that reports nothing', () => {
    expect(describeAdapter({})).toBe('unknown adapter');
  });
});

describe('telling whether Dawn could reach a GPU on Linux before loading it', () => {
  const env = (over: Partial<LoaderProbeEnv>): LoaderProbeEnv => ({
    platform: 'linux',
    ldLibraryPath: undefined,
    exists: () => false,
    ldCache: () => 'ld.so-1.7.0\0libc.so.6\0/lib/x86_64-linux-gnu/libc.so.6\0',
    ...over,
  });

  it.each<[string, Partial<LoaderProbeEnv>, boolean]>([
    ['no loader anywhere', {}, true],
    [
      'the loader in the linker cache',
      { ldCache: () => 'x\0libvulkan.so.1\0/usr/lib/libvulkan.so.1' },
      false,
    ],
    [
      'the loader on LD_LIBRARY_PATH',
      {
        ldLibraryPath: '/opt/a::/usr/lib/chromium',
        exists: (f) => f === '/usr/lib/chromium/libvulkan.so.1',
      },
      false,
    ],
    ['an unreadable linker cache (asks Dawn instead)', { ldCache: () => undefined }, false],
    ['macOS (Metal, no Vulkan needed)', { platform: 'darwin' }, false],
  ])('%s', (_what, over, missing) => {
    const r = vulkanLoaderMissing(env(over));
    if (missing) expect(r).toMatch(/^no Vulkan loader \(libvulkan\.so\.1\)/);
    else expect(r).toBeNull();
  });
});
