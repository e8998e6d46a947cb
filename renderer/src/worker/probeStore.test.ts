import { describe, expect, it } from 'vitest';
import type { BackendChoice } from '../../../graph-core/src/backends';
import { asChoice, machineKey, storedProbeCache, type KeyValueStore } from './probeStore';

const choice: BackendChoice = {
  chosen: 'wasm',
  reason: 'wasm is fastest at 2,900 samples/s',
  probes: [
    { backend: 'webgl', ok: true, samplesPerSec: 1000 },
    { backend: 'wasm', ok: true, samplesPerSec: 2900 },
    { backend: 'cpu', ok: false, error: 'too slow' },
  ],
};

function memoryStore(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (k) => structuredClone(data.get(k)),
    put: async (k, v) => void data.set(k, structuredClone(v)),
  };
}

const failing: KeyValueStore = {
  get: () => Promise.reject(new Error('blocked')),
  put: () => Promise.reject(new Error('quota')),
};

describe('stored probe cache', () => {
  it('answers a later cache (a later worker) over the same store', async () => {
    const store = memoryStore();
    await storedProbeCache(store).set('k', { ...choice, cached: false });
    expect(await storedProbeCache(store).get('k')).toEqual(choice);
    expect(await storedProbeCache(store).get('other')).toBeUndefined();
  });

  it('costs only a fresh probe when the store fails', async () => {
    const cache = storedProbeCache(failing);
    await expect(cache.set('k', choice)).resolves.toBeUndefined();
    await expect(cache.get('k')).resolves.toBeUndefined();
  });

  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['a string', 'wasm'],
    ['a choice without probes', { chosen: 'wasm', reason: 'r' }],
    ['a probe without ok', { chosen: 'wasm', reason: 'r', probes: [{ backend: 'wasm' }] }],
  ])('ignores %s stored under the key', (_, value) => {
    expect(asChoice(value)).toBeUndefined();
  });
});

describe('machine key', () => {
  it('tells machines apart by browser, cores, GPU and wasm threads', () => {
    const keys = new Set([
      machineKey('Chrome/140', 2, 'SwiftShader', 2),
      machineKey('Chrome/140', 2, 'SwiftShader', 4),
      machineKey('Chrome/140', 2, 'SwiftShader'),
      machineKey('Chrome/141', 2, 'SwiftShader'),
      machineKey('Chrome/140', 16, 'SwiftShader'),
      machineKey('Chrome/140', 2, 'NVIDIA H100'),
      machineKey('Chrome/140', 2, null),
    ]);
    expect(keys.size).toBe(7);
  });

  it('keeps the key of a one-thread wasm as it was before threads', () => {
    expect(machineKey('Chrome/140', 2, 'SwiftShader', 1)).toBe(machineKey('Chrome/140', 2, 'SwiftShader'));
  });
});
