import { describe, expect, it } from 'vitest';
import {
  autoCandidates,
  NOT_PROBED,
  probeFailedReason,
  startOrder,
  startReason,
  type BackendAvailability,
  type BackendName,
} from './choose';

const node = (unusable?: string): BackendAvailability => ({
  present: ['webgpu', 'wasm', 'cpu'],
  ...(unusable ? { unusable: { webgpu: unusable } } : {}),
});
const worker = (gpu: boolean): BackendAvailability => ({
  present: ['webgpu', 'webgl', 'wasm', 'cpu'],
  ...(gpu ? {} : { unusable: { webgpu: 'no GPU adapter' } }),
});

describe('the candidates auto probes', () => {
  it.each<[string, BackendAvailability, BackendName[], BackendName[]]>([
    ['Node with a hardware adapter', node(), ['webgpu', 'wasm', 'cpu'], []],
    ['Node without Dawn', node('no package'), ['wasm', 'cpu'], ['webgpu']],
    ['a worker with a GPU adapter', worker(true), ['webgpu', 'webgl', 'wasm', 'cpu'], []],
    ['a worker without one', worker(false), ['webgl', 'wasm', 'cpu'], ['webgpu']],
    ['only cpu', { present: ['cpu'] }, ['cpu'], []],
  ])('in %s', (_what, available, candidates, skipped) => {
    const r = autoCandidates(available);
    expect(r.candidates).toEqual(candidates);
    expect(r.skipped.map((s) => s.backend)).toEqual(skipped);
    for (const s of r.skipped) {
      expect(s.ok).toBe(false);
      expect(s.error?.startsWith(NOT_PROBED)).toBe(true);
    }
  });

  it('keeps the reason a candidate was left out', () => {
    expect(autoCandidates(node('only a software adapter')).skipped).toEqual([
      { backend: 'webgpu', ok: false, error: 'not probed: only a software adapter' },
    ]);
  });
});

describe('the order backends are started in', () => {
  it.each<[string, BackendName, BackendAvailability, BackendName[]]>([
    ['webgpu chosen in a worker', 'webgpu', worker(true), ['webgpu', 'webgl', 'wasm', 'cpu']],
    ['webgl named without a GPU adapter', 'webgl', worker(false), ['webgl', 'wasm', 'cpu']],
    ['webgpu named without an adapter', 'webgpu', worker(false), ['webgpu', 'webgl', 'wasm', 'cpu']],
    ['webgpu in Node skips the missing webgl', 'webgpu', node(), ['webgpu', 'wasm', 'cpu']],
    ['wasm', 'wasm', node(), ['wasm', 'cpu']],
    ['cpu, the end of every chain', 'cpu', worker(true), ['cpu']],
    ['cpu even where not listed', 'wasm', { present: ['wasm'] }, ['wasm', 'cpu']],
  ])('for %s', (_what, chosen, available, order) => {
    expect(startOrder(chosen, available)).toEqual(order);
  });
});

describe('the reason text', () => {
  it('is how the choice was made when the first choice started', () => {
    expect(startReason('wasm', 'wasm', 'chosen with --backend', [])).toBe('chosen with --backend');
  });
  it('names the first choice and every failure when it fell back', () => {
    expect(
      startReason('webgpu', 'wasm', 'chosen in the training panel', ['webgpu failed: lost', 'webgl failed']),
    ).toBe('fell back from webgpu (chosen in the training panel): webgpu failed: lost; webgl failed');
  });
  it('says the probe failed and cpu was used', () => {
    expect(probeFailedReason(new Error('out of memory'))).toBe('probe failed (out of memory); using cpu');
  });
});
