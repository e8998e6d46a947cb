import { describe, expect, it } from 'vitest';
import { autoCandidates, cliWasmThreads } from './backend';
import { NOT_PROBED } from './probe-report';

describe('the candidates --backend auto probes', () => {
  it.each([
    [
      'a hardware GPU adapter',
      { adapter: 'nvidia hopper (NVIDIA H200)', software: false },
      ['webgpu', 'wasm', 'cpu'],
      null,
    ],
    [
      'no webgpu package',
      { missing: 'the optional webgpu package (Dawn for Node) is not installed' },
      ['wasm', 'cpu'],
      'the optional webgpu package (Dawn for Node) is not installed',
    ],
    [
      'no adapter',
      { missing: 'Dawn found no GPU adapter (no GPU, or no driver for it)' },
      ['wasm', 'cpu'],
      'Dawn found no GPU adapter (no GPU, or no driver for it)',
    ],
    [
      'only SwiftShader',
      { adapter: 'google swiftshader (SwiftShader driver 5.0.0)', software: true },
      ['wasm', 'cpu'],
      'only a software adapter (google swiftshader (SwiftShader driver 5.0.0)); use --backend webgpu to train on it anyway',
    ],
  ])('with %s', (_what, gpu, candidates, why) => {
    const r = autoCandidates(gpu);
    expect(r.candidates).toEqual(candidates);
    expect(r.skipped).toEqual(
      why === null ? [] : [{ backend: 'webgpu', ok: false, error: `${NOT_PROBED}${why}` }],
    );
  });
});

describe('wasm threads the CLI trains with', () => {
  it.each([
    [1, undefined, 1],
    [2, undefined, 1],
    [4, undefined, 3],
    [16, undefined, 4],
    [2, '2', 2],
    [8, '1', 1],
    [2, 'many', 1],
  ])(
    'on %i cores with LAYERLOOM_WASM_THREADS=%s: %i (one core left for the rest of the machine)',
    (cores, env, threads) => {
      expect(cliWasmThreads(cores, env)).toBe(threads);
    },
  );
});
