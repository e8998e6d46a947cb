import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HostError } from '../contract/api';
import { backupPathOf, writeFileAtomic } from '../fs/atomic-write';
import { createWorkspaceHost } from './services';
import { doc, makeTestHost } from './test-host';

/** Disk faults injected at one call: the host must answer with `io` and a sentence, change nothing. */
let host: Awaited<ReturnType<typeof makeTestHost>> | undefined;
afterEach(() => {
  vi.restoreAllMocks();
  host?.cleanup();
  host = undefined;
});

const errno = (code: string) =>
  Object.assign(new Error(`${code}: failed, open '/x/.a.layerloom.1234.tmp'`), { code });

/** Makes `fsp.open` fail with `code` for paths matching `when`. */
function failOpen(code: string, when: (file: string) => boolean) {
  const real = fsp.open.bind(fsp);
  vi.spyOn(fsp, 'open').mockImplementation((async (
    file: Parameters<typeof fsp.open>[0],
    ...rest: unknown[]
  ) => {
    if (when(String(file))) throw errno(code);
    return (real as (...a: unknown[]) => Promise<unknown>)(file, ...rest);
  }) as typeof fsp.open);
}

async function rejection(promise: Promise<unknown>): Promise<HostError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HostError);
  return error as HostError;
}

describe('disk errors are for people', () => {
  it.each([
    ['ENOSPC', /the disk is full: nothing was changed/],
    ['EROFS', /the disk is read-only: nothing was changed/],
    ['EEXIST', /appeared at the same moment: nothing was changed/],
  ])(
    'a save failing with %s is `io` with a sentence, no temp path, and the old file kept',
    async (code, sentence) => {
      host = await makeTestHost();
      const saved = await host.api.saveProjectAs({ name: 'Kept', content: doc('Kept'), overwrite: false });
      const before = readFileSync(saved!.location, 'utf8');
      failOpen(code, (f) => f.endsWith('.tmp'));
      const error = await rejection(host.api.saveProject({ id: saved!.id, content: doc('Kept') + ' ' }));
      expect(error.code).toBe('io');
      expect(error.message).toMatch(sentence);
      expect(error.message).not.toMatch(/\.tmp|\/x\/|ENOSPC|EROFS|EEXIST/);
      expect(readFileSync(saved!.location, 'utf8')).toBe(before);
    },
  );

  it('createRun and importDataset failing with ENOSPC are `io` and leave no folder behind', async () => {
    host = await makeTestHost();
    failOpen('ENOSPC', (f) => f.endsWith('.tmp'));
    expect((await rejection(host.api.createRun({ projectName: 'p', graph: doc('p') }))).code).toBe('io');
    expect(
      (await rejection(host.api.importDataset({ name: 'd', meta: {}, data: new ArrayBuffer(4) }))).code,
    ).toBe('io');
    vi.restoreAllMocks();
    expect(readdirSync(path.join(host.root, 'runs'))).toEqual([]);
    expect(readdirSync(path.join(host.root, 'datasets'))).toEqual([]);
    expect((await host.api.listRuns({})).runs).toEqual([]);
  });

  it('opens projects when recent.json cannot be written (read-only disk)', async () => {
    host = await makeTestHost();
    const saved = await host.api.saveProjectAs({ name: 'Ro', content: doc('Ro'), overwrite: false });
    failOpen('EROFS', (f) => path.basename(f).startsWith('.recent.json'));
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const opened = await host.api.openProject({ id: saved!.id });
    expect(opened?.name).toBe('Ro');
  });

  it('reports a save as done when the file landed but recent.json could not be written', async () => {
    host = await makeTestHost();
    failOpen('ENOSPC', (f) => path.basename(f).startsWith('.recent.json'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const saved = await host.api.saveProjectAs({ name: 'Landed', content: doc('Landed'), overwrite: false });
    expect(readFileSync(saved!.location, 'utf8')).toBe(doc('Landed'));
    expect(warn.mock.calls.join(' ')).toMatch(/recent-files list was not updated \(the disk is full/);
  });

  it('starts on a workspace whose folders cannot be created (read-only disk)', async () => {
    host = await makeTestHost();
    const workspace = path.join(host.tmpDir, 'ro-ws');
    mkdirSync(path.join(workspace, 'projects'), { recursive: true });
    writeFileSync(path.join(workspace, 'projects', 'A.layerloom'), doc('A'));
    const realMkdir = fsp.mkdir.bind(fsp);
    vi.spyOn(fsp, 'mkdir').mockImplementation((async (dir: string, options?: unknown) => {
      if (existsSync(dir)) return realMkdir(dir, options as never);
      throw errno('EROFS');
    }) as typeof fsp.mkdir);
    const ro = await createWorkspaceHost({
      workspace,
      appRoot: path.join(host.tmpDir, 'app'),
      kind: 'server',
    });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect((await ro.api.listProjects({})).projects.map((p) => p.name)).toEqual(['A']);
    expect((await ro.api.openProject({ id: 'projects/A.layerloom' }))?.name).toBe('A');
  });
});

describe('atomic create and backups under concurrency', () => {
  it('Save As without overwrite: of two clients saving the same new name at once, exactly one wins', async () => {
    host = await makeTestHost();
    for (let round = 0; round < 30; round++) {
      const name = `Race ${round}`;
      const results = await Promise.allSettled([
        host.api.saveProjectAs({ name, content: doc(name, { description: 'A' }), overwrite: false }),
        host.api.saveProjectAs({ name, content: doc(name, { description: 'B' }), overwrite: false }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'exists' });
      const winner = results[0]!.status === 'fulfilled' ? 'A' : 'B';
      const file = path.join(host.root, 'projects', `${name}.layerloom`);
      expect(JSON.parse(readFileSync(file, 'utf8')).description).toBe(winner);
    }
    expect(readdirSync(path.join(host.root, 'projects')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps .bak present and whole while saves of the same file run concurrently', async () => {
    host = await makeTestHost();
    const file = path.join(host.root, 'projects', 'bak.layerloom');
    const content = (i: number) => `${i}:${'x'.repeat(20_000)}`;
    await writeFileAtomic(file, content(0));
    await writeFileAtomic(file, content(1));
    let running = true;
    const seen: string[] = [];
    const reader = (async () => {
      while (running) {
        try {
          const bak = await fsp.readFile(backupPathOf(file), 'utf8');
          if (!/^\d+:x{20000}$/.test(bak)) seen.push(`torn (${bak.length} chars)`);
        } catch (error) {
          seen.push((error as NodeJS.ErrnoException).code ?? String(error));
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (let wave = 0; wave < 20; wave++) {
      await Promise.all(
        Array.from({ length: 4 }, (_, i) => writeFileAtomic(file, content(wave * 4 + i + 2))),
      );
    }
    running = false;
    await reader;
    expect(seen).toEqual([]);
  });
});

describe('debris', () => {
  it('removes temp files of interrupted saves older than an hour at start, and keeps fresh ones', async () => {
    host = await makeTestHost();
    const old = path.join(host.root, 'projects', '.a.layerloom.0123456789ab.tmp');
    const oldInRun = path.join(host.root, 'runs', 'r1', 'model', '.weights.bin.0123456789ab.tmp');
    const fresh = path.join(host.root, 'autosave', '.k.json.0123456789ab.tmp');
    mkdirSync(path.dirname(oldInRun), { recursive: true });
    for (const f of [old, oldInRun, fresh]) writeFileSync(f, 'x'.repeat(1000));
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    for (const f of [old, oldInRun]) utimesSync(f, twoHoursAgo, twoHoursAgo);
    await createWorkspaceHost({
      workspace: host.root,
      appRoot: path.join(host.tmpDir, 'app'),
      kind: 'server',
    });
    expect(existsSync(old)).toBe(false);
    expect(existsSync(oldInRun)).toBe(false);
    expect(statSync(fresh).size).toBe(1000);
  });

  it('refuses nested and hidden project ids that listProjects would never show', async () => {
    host = await makeTestHost();
    for (const id of ['projects/sub/x.layerloom', 'projects/.hidden.layerloom', 'projects/a\\b.layerloom']) {
      const error = await rejection(host.api.saveProject({ id, content: doc('x') }));
      expect(error.code).toBe('invalid');
      expect(error.message).toMatch(/not hidden, not in a sub-folder/);
    }
    expect(readdirSync(path.join(host.root, 'projects'))).toEqual([]);
  });
});
