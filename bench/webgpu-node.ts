// WebGPU for tfjs in Node, through Dawn's Node binding (the `webgpu` dev dependency): lets the
// GPU bench time tfjs-backend-webgpu — the backend the app picks where a GPU adapter exists — on
// a machine with a GPU and no browser. Dawn reaches the GPU through Vulkan (libvulkan.so.1 and the
// vendor's ICD must be installed); with no adapter the bench says why and skips WebGPU.

export interface NodeWebGPU {
  /** "vendor architecture device (description)" as Dawn reports the adapter. */
  adapter: string;
}

interface DawnModule {
  create: (options: string[]) => { requestAdapter: (o?: object) => Promise<DawnAdapter | null> };
  globals: Record<string, unknown>;
}
interface DawnAdapter {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
}

/**
 * Installs `navigator.gpu` from Dawn and registers tfjs's `webgpu` backend (the package registers
 * itself on import when `navigator.gpu` exists). `dawnOptions` go to Dawn's `create`, e.g.
 * `backend=vulkan`.
 */
export async function setupNodeWebGPU(dawnOptions: string[] = []): Promise<NodeWebGPU | { missing: string }> {
  let dawn: DawnModule;
  try {
    // A variable specifier keeps bundlers from inlining the native module.
    const name = 'webgpu';
    dawn = (await import(name)) as DawnModule;
  } catch (e) {
    return { missing: `the webgpu package (Dawn for Node) did not load: ${(e as Error).message}` };
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create(dawnOptions);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === null) {
    return { missing: 'Dawn found no GPU adapter (is libvulkan.so.1 and a Vulkan driver installed?)' };
  }
  const nav = (globalThis as { navigator?: object }).navigator;
  if (nav === undefined)
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  else Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  await import('@tensorflow/tfjs-backend-webgpu');
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture, info.device].filter(Boolean).join(' ');
  return { adapter: `${name || 'unknown adapter'}${info.description ? ` (${info.description})` : ''}` };
}
