import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../fs/test-dir';
import { ROOT } from './testkit';

const tmp = makeTempDir('layerloom-drain-');
afterAll(() => tmp.cleanup());

/** A graph of 3,000 loose Dense nodes: `validate --json` prints over 1 MB about it. */
function wideProject(): string {
  const nodes = [{ id: 'in', type: 'Input', params: { shape: [4] } }];
  for (let i = 0; i < 3000; i++)
    nodes.push({ id: `dense_with_a_long_name_${i}`, type: 'Dense', params: { units: 3 } } as never);
  const file = path.join(tmp.dir, 'wide.layerloom');
  writeFileSync(file, JSON.stringify({ format: 'layerloom', version: 1, name: 'wide', nodes, edges: [] }));
  return file;
}

/** Runs the CLI's real entry (bin.ts, which exits the process itself) with stdout and stderr on pipes. */
function runCli(args: string[]): Promise<{ code: number | null; stdout: Buffer; stderr: Buffer }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href,
        path.join(ROOT, 'host/src/cli/bin.ts'),
        ...args,
      ],
      {
        cwd: tmp.dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    // A slow reader, as `| less` would be: the pipe fills up long before the CLI is done.
    child.stdout.on('data', (b: Buffer) => {
      out.push(b);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 1);
    });
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }));
  });
}

describe('piped output', () => {
  it('delivers every byte of over 1 MB of stdout before exiting', async () => {
    const { code, stdout } = await runCli(['validate', wideProject(), '--json']);
    expect(stdout.length).toBeGreaterThan(1_000_000);
    const json = JSON.parse(stdout.toString('utf8')) as { nodes: unknown[] };
    expect(json.nodes).toHaveLength(3001);
    expect(code).not.toBeNull();
  }, 120_000);

  it('delivers all of a long stderr before exiting', async () => {
    const { stderr } = await runCli([
      'train',
      wideProject(),
      '--backend',
      'cpu',
      '--out',
      path.join(tmp.dir, 'r'),
    ]);
    expect(stderr.length).toBeGreaterThan(100_000);
    expect(stderr.toString('utf8')).toMatch(/has errors; nothing was trained\.\n$/);
  }, 120_000);
});
