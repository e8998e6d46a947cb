import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostApi } from '../../../host/src/contract';
import { TrainingController, wasmThreadsFromPage } from './controller';

function controllerWithSaved(saved: string | null): TrainingController {
  const store = new Map<string, string>();
  if (saved !== null) store.set('layerloom.backend', saved);
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
  });
  const spawn = () => {
    throw new Error('no worker in this test');
  };
  return new TrainingController({} as HostApi, { kind: 'proxy' }, spawn);
}

describe('the backend a new run starts on', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is auto (probe, then the fastest) when the user never picked one', () => {
    expect(controllerWithSaved(null).getState().backendPick).toBe('auto');
  });

  it.each(['webgpu', 'webgl', 'wasm', 'cpu', 'auto'])('is the remembered pick %s', (pick) => {
    expect(controllerWithSaved(pick).getState().backendPick).toBe(pick);
  });

  it('falls back to auto when the remembered value is junk', () => {
    expect(controllerWithSaved('tpu').getState().backendPick).toBe('auto');
  });

  it('remembers a new pick for the next session', () => {
    controllerWithSaved(null).setBackendPick('wasm');
    expect(globalThis.localStorage.getItem('layerloom.backend')).toBe('wasm');
  });
});

describe('the wasm thread count a page asks for', () => {
  it.each([
    ['?token=t&wasmThreads=2', 2],
    ['?wasmThreads=1', 1],
    ['?token=t', undefined],
    ['?wasmThreads=0', undefined],
    ['?wasmThreads=2.5', undefined],
    ['?wasmThreads=lots', undefined],
    ['?wasmThreads=64', undefined],
  ])('%s → %s', (search, threads) => {
    expect(wasmThreadsFromPage(search)).toBe(threads);
  });
});
