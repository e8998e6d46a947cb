import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BackendChoice } from '../../../graph-core/src/backends';
import { makeTempDir } from '../fs/test-dir';
import { EXIT, main } from './main';
import { fileProbeCache, MAX_PROBE_ENTRIES, probeCacheFile } from './probe-cache-file';
import { describeProbes, NOT_PROBED } from './probe-report';
import { RUN_FILES } from '../../../graph-core/src/runs';
import { captureConsole, sample } from './testkit';

const tmp = makeTempDir('layerloom-probe-');
afterAll(() => tmp.cleanup());

const choice = (chosen: string): BackendChoice => ({
  chosen,
  reason: `${chosen} is fastest`,
  probes: [
    { backend: 'wasm', ok: true, samplesPerSec: 1234.4 },
    { backend: 'cpu', ok: false, error: 'no kernel' },
  ],
});

describe('the workspace probe cache file', () => {
  it('remembers a choice across instances and forgets nothing else', async () => {
    const file = probeCacheFile(path.join(tmp.dir, 'ws1'));
    expect(file).toBe(path.join(tmp.dir, 'ws1', 'cache', 'backend-probe.json'));
    await fileProbeCache(file).set('k1', { ...choice('wasm'), cached: true });
    await fileProbeCache(file).set('k2', choice('cpu'));
    expect(await fileProbeCache(file).get('k1')).toEqual(choice('wasm'));
    expect(await fileProbeCache(file).get('k2')).toEqual(choice('cpu'));
    expect(await fileProbeCache(file).get('k3')).toBeUndefined();
  });

  it.each([
    ['not JSON', '{oops'],
    ['another version', JSON.stringify({ version: 9, entries: { k: choice('cpu') } })],
    ['a malformed entry', JSON.stringify({ version: 1, entries: { k: { chosen: 1 } } })],
  ])('treats a file that is %s as empty and rewrites it', async (_what, content) => {
    const file = path.join(tmp.dir, `bad-${content.length}`, 'backend-probe.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    const cache = fileProbeCache(file);
    expect(await cache.get('k')).toBeUndefined();
    await cache.set('k', choice('wasm'));
    expect(await cache.get('k')).toEqual(choice('wasm'));
  });

  it(`keeps the newest ${MAX_PROBE_ENTRIES} entries`, async () => {
    const file = path.join(tmp.dir, 'many', 'backend-probe.json');
    const full = Object.fromEntries(
      Array.from({ length: MAX_PROBE_ENTRIES }, (_, i) => [`k${i}`, choice('cpu')]),
    );
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ version: 1, entries: full }));
    const cache = fileProbeCache(file);
    await cache.set(`k${MAX_PROBE_ENTRIES}`, choice('wasm'));
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, unknown> };
    expect(Object.keys(stored.entries)).toHaveLength(MAX_PROBE_ENTRIES);
    expect(await cache.get('k0')).toBeUndefined();
    expect(await cache.get('k1')).toEqual(choice('cpu'));
    expect(await cache.get(`k${MAX_PROBE_ENTRIES}`)).toEqual(choice('wasm'));
  });

  it('never fails a run when the cache cannot be written', async () => {
    const blocker = path.join(tmp.dir, 'a-file');
    writeFileSync(blocker, 'x');
    const cache = fileProbeCache(path.join(blocker, 'cache', 'backend-probe.json'));
    await expect(cache.set('k', choice('cpu'))).resolves.toBeUndefined();
    expect(await cache.get('k')).toBeUndefined();
  });

  it('prints the winner and every candidate, marking the choice and saying why one was not probed', () => {
    const skipped = { backend: 'webgpu', ok: false, error: `${NOT_PROBED}no GPU adapter` };
    const c = choice('wasm');
    expect(describeProbes({ ...c, probes: [...c.probes, skipped], cached: true })).toBe(
      [
        'Backend probe (remembered from an earlier run on this machine): wasm',
        '  * wasm   1,234 samples/s',
        '    cpu    unusable: no kernel',
        '    webgpu not probed: no GPU adapter',
        '',
      ].join('\n'),
    );
  });
});

describe('layerloom train --backend auto', () => {
  it('probes once per model shape on this machine, then reuses the answer from the workspace', async () => {
    const ws = path.join(tmp.dir, 'ws-auto');
    const run = async (name: string) => {
      const c = captureConsole();
      const out = path.join(tmp.dir, name);
      const code = await main(
        ['train', sample('iris-mlp'), '--epochs', '1', '--backend', 'auto', '--workspace', ws, '--out', out],
        { console: c, onInterrupt: () => undefined },
      );
      const summary = JSON.parse(readFileSync(path.join(out, RUN_FILES.summary), 'utf8')) as {
        backend: string;
        backendProbe: BackendChoice;
      };
      return { code, summary, stderr: c.stderr() };
    };
    const first = await run('auto-1');
    expect(first.code).toBe(EXIT.ok);
    expect(first.summary.backendProbe.cached).toBe(false);
    const probes = first.summary.backendProbe.probes;
    expect(probes.map((p) => p.backend).sort()).toEqual(['cpu', 'wasm', 'webgpu']);
    // Without a hardware GPU adapter webgpu is listed with the reason it was left out.
    const webgpu = probes.find((p) => p.backend === 'webgpu')!;
    if (!webgpu.ok && webgpu.error?.startsWith(NOT_PROBED))
      expect(first.stderr).toContain(`webgpu ${webgpu.error}`);
    expect(first.summary.backend).toBe(first.summary.backendProbe.chosen);
    expect(first.stderr).toMatch(/^Backend probe: (cpu|wasm)\n {2}[* ] wasm +[\d,]+ samples\/s/m);
    expect(existsSync(probeCacheFile(ws))).toBe(true);

    const second = await run('auto-2');
    expect(second.code).toBe(EXIT.ok);
    expect(second.summary.backendProbe).toEqual({ ...first.summary.backendProbe, cached: true });
    expect(second.stderr).toContain('Backend probe (remembered from an earlier run on this machine)');
    expect(second.stderr).toContain('(probed earlier on this machine)');
  }, 60_000);
});
