import { spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSweepState, type SweepState } from '../../../graph-core/src/experiments';
import { makeTempDir } from '../fs/test-dir';
import { sweepCommand } from './sweep';
import { defaultParallel, threadsPerVariant } from './sweepChild';

const IRIS = path.resolve('assets/samples/iris-mlp.layerloom');
// One process per CLI (the tsx wrapper would put a process between parent and child).
const CLI = [process.execPath, '--import', 'tsx', path.resolve('host/src/cli/bin.ts')];
const t = makeTempDir('layerloom-sweepparallel-');
afterAll(() => t.cleanup());

async function readState(dir: string): Promise<SweepState | null> {
  const text = await fsp.readFile(path.join(dir, 'sweep.json'), 'utf8').catch(() => null);
  const parsed = text === null ? null : parseSweepState(text);
  return parsed?.ok ? parsed.value : null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('parallel sweep variants', () => {
  it('splits the cores between variants', () => {
    expect(defaultParallel(2, 9)).toBe(2);
    expect(defaultParallel(16, 9)).toBe(4);
    expect(defaultParallel(16, 3)).toBe(3);
    expect(defaultParallel(1, 9)).toBe(1);
    expect(threadsPerVariant(16, 4)).toBe(4);
    expect(threadsPerVariant(2, 2)).toBe(1);
    expect(threadsPerVariant(2, 3)).toBe(1);
  });

  it('after kill -9 of a parallel sweep, resuming ends every variant exactly once', async () => {
    const out = path.join(t.dir, 'killed');
    // v01 is short, the others long enough to be cut by the kill.
    const parent = spawn(
      process.execPath,
      [...CLI.slice(1), 'sweep', IRIS, '--set', 'opt.epochs=1,40,41,42', '--backend', 'cpu'].concat([
        '--parallel',
        '2',
        '--out',
        out,
      ]),
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, LAYERLOOM_CLI_COMMAND: JSON.stringify(CLI) },
      },
    );
    const exited = new Promise((resolve) => parent.on('exit', resolve));
    const deadline = Date.now() + 150_000;
    let seen: SweepState | null = null;
    for (; Date.now() < deadline; await sleep(50)) {
      seen = await readState(out);
      const s = seen?.variants.map((v) => v.status) ?? [];
      if (s.includes('done') && s.includes('running')) break;
    }
    parent.kill('SIGKILL');
    await exited;
    const atKill = (await readState(out)) as SweepState;
    expect(atKill.variants.filter((v) => v.status === 'done').length).toBeGreaterThanOrEqual(1);
    expect(atKill.variants.filter((v) => v.status === 'running').length).toBeGreaterThanOrEqual(1);
    await sleep(500); // the children notice their parent is gone and exit

    const o = { out: '', err: '' };
    const io = { out: (s: string) => (o.out += s), err: (s: string) => (o.err += s) };
    const code = await sweepCommand(['--resume', out, '--parallel', '2'], io, {
      onInterrupt: () => () => {},
      childCommand: CLI,
    });
    expect(o.err).toBe('');
    expect(code).toBe(0);
    const final = (await readState(out)) as SweepState;
    expect(final.variants.map((v) => v.status)).toEqual(['done', 'done', 'done', 'done']);
    // Every variant ended exactly once: one completed run folder per variant, the cut ones marked abandoned.
    const completed: string[] = [];
    for (const entry of await fsp.readdir(out, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const summary = JSON.parse(await fsp.readFile(path.join(out, entry.name, 'summary.json'), 'utf8')) as {
        status: string;
        abandoned?: boolean;
      };
      if (summary.status === 'completed') completed.push(entry.name.replace(/-\d+$/, ''));
      else expect(summary.abandoned, entry.name).toBe(true);
    }
    expect(completed.sort()).toEqual(['v01', 'v02', 'v03', 'v04']);
    for (const v of final.variants) expect(completed).toContain(v.runDir?.replace(/-\d+$/, ''));
    // What finished before the kill was kept, not trained again.
    for (const v of atKill.variants.filter((x) => x.status === 'done'))
      expect(final.variants.find((x) => x.id === v.id)?.runDir).toBe(v.runDir);
  }, 240_000);
});
