import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { doc, makeTestHost } from './test-host';

let host: Awaited<ReturnType<typeof makeTestHost>>;
afterEach(() => host.cleanup());

describe('autosave and recovery', () => {
  it('keeps the latest autosave per key and lists the newest first', async () => {
    let t = Date.parse('2025-01-01T00:00:00Z');
    host = await makeTestHost({ now: () => new Date((t += 1000)) });
    await host.api.autosave({ key: 'doc1', name: 'One', projectId: null, content: doc('v1') });
    await host.api.autosave({
      key: 'doc2',
      name: 'Two',
      projectId: 'projects/two.layerloom',
      content: doc('Two'),
    });
    await host.api.autosave({ key: 'doc1', name: 'One', projectId: null, content: doc('v2') });
    const { recoveries } = await host.api.listRecoveries({});
    expect(recoveries.map((r) => [r.key, JSON.parse(r.content).name])).toEqual([
      ['doc1', 'v2'],
      ['doc2', 'Two'],
    ]);
  });

  it('discards a recovery on request and when the document is saved with its key', async () => {
    host = await makeTestHost();
    await host.api.autosave({ key: 'a', name: 'A', projectId: null, content: doc('A') });
    await host.api.autosave({ key: 'b', name: 'B', projectId: null, content: doc('B') });
    expect(await host.api.discardRecovery({ key: 'a' })).toEqual({ discarded: true });
    expect(await host.api.discardRecovery({ key: 'a' })).toEqual({ discarded: false });
    await host.api.saveProjectAs({ name: 'B', content: doc('B'), recoveryKey: 'b' });
    expect((await host.api.listRecoveries({})).recoveries).toEqual([]);
  });

  it('skips damaged or foreign files in autosave/ instead of failing the list', async () => {
    host = await makeTestHost();
    writeFileSync(path.join(host.root, 'autosave', 'broken.json'), '{"key":');
    writeFileSync(
      path.join(host.root, 'autosave', 'other.json'),
      JSON.stringify({ key: 'mismatch', name: '', projectId: null, savedAt: '', content: '' }),
    );
    await host.api.autosave({ key: 'ok', name: 'ok', projectId: null, content: doc('ok') });
    expect((await host.api.listRecoveries({})).recoveries.map((r) => r.key)).toEqual(['ok']);
    expect(readdirSync(path.join(host.root, 'autosave')).sort()).toEqual([
      'broken.json',
      'ok.json',
      'other.json',
    ]);
  });

  it('refuses a key that could name another file', async () => {
    host = await makeTestHost();
    await expect(
      host.api.autosave({ key: '../x', name: '', projectId: null, content: '' }),
    ).rejects.toMatchObject({ code: 'invalid' });
  });
});
