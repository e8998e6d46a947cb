import { existsSync, promises as fsp, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../fs/test-dir';
import { EXIT, main } from './main';
import { createOutDir } from './out-dir';
import { captureConsole, ensureDataAsset, sample } from './testkit';

const tmp = makeTempDir('layerloom-out-');
afterAll(() => tmp.cleanup());
afterEach(() => vi.restoreAllMocks());

async function train(...args: string[]) {
  const c = captureConsole();
  const code = await main(['train', ...args], { console: c, onInterrupt: () => undefined });
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

describe('layerloom train --out', () => {
  it('refuses an existing file as a usage error (exit 2) and leaves it alone', async () => {
    const file = path.join(tmp.dir, 'notes.txt');
    writeFileSync(file, 'keep me');
    const r = await train(sample('iris-mlp'), '--backend', 'cpu', '--out', file);
    expect(r.code).toBe(EXIT.unreadable);
    expect(r.stderr).toMatch(/--out .*notes\.txt is an existing file, not a folder/);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('refuses a folder under /proc at once instead of hanging', async () => {
    const started = Date.now();
    const r = await train(sample('iris-mlp'), '--backend', 'cpu', '--out', '/proc/layerloom-test/run');
    expect(r.code).toBe(EXIT.unreadable);
    expect(r.stderr).toMatch(/inside \/proc, a system folder/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('gives up creating the run folder after a time limit', async () => {
    vi.spyOn(fsp, 'mkdir').mockImplementation(() => new Promise(() => {}));
    const message = await createOutDir(path.join(tmp.dir, 'stuck'), 200);
    expect(message).toMatch(/could not create --out .*stuck within 0.2 s/);
  });

  it('reports a disk error creating the run folder as a sentence', async () => {
    vi.spyOn(fsp, 'mkdir').mockRejectedValue(
      Object.assign(new Error('EROFS: read-only, mkdir /x'), { code: 'EROFS' }),
    );
    const message = await createOutDir(path.join(tmp.dir, 'ro'), 1000);
    expect(message).toMatch(/the disk is read-only/);
    expect(message).not.toContain('/x');
  });

  it('keeps the backend probe cache beside the run, not in ~/Layerloom, when no workspace is named', async () => {
    ensureDataAsset();
    const home = path.join(tmp.dir, 'home');
    vi.stubEnv('HOME', home);
    vi.stubEnv('LAYERLOOM_WORKSPACE', '');
    const out = path.join(tmp.dir, 'runs', 'auto');
    const r = await train(sample('iris-mlp'), '--epochs', '1', '--backend', 'auto', '--out', out);
    vi.unstubAllEnvs();
    expect(r.code).toBe(EXIT.ok);
    expect(existsSync(path.join(home, 'Layerloom'))).toBe(false);
    expect(existsSync(path.join(tmp.dir, 'runs', 'backend-probe.json'))).toBe(true);
    expect(r.stderr).toMatch(/Probe results kept in .*runs\/backend-probe\.json/);
  }, 60_000);
});
