import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../fs/test-dir';
import { ensureDataAsset, ROOT, sample } from './testkit';

const tmp = makeTempDir('layerloom-bundle-');
const bin = path.join(ROOT, 'host', 'bin', 'layerloom.mjs');

beforeAll(() => {
  ensureDataAsset();
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-cli.mjs')], { stdio: 'ignore' });
});
afterAll(() => tmp.cleanup());

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: tmp.dir, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the built layerloom bundle (npx layerloom)', () => {
  it('validates a sample and exits 0', () => {
    const r = cli('validate', sample('mnist-cnn'), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true });
  });

  it('answers a file that is not JSON with one line on stderr and exit 2', () => {
    const bad = path.join(tmp.dir, 'bad.layerloom');
    writeFileSync(bad, 'not json');
    const r = cli('train', bad);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^layerloom: .*Not valid JSON/);
  });

  it('trains on wasm into a run folder under ./runs by default', () => {
    const r = cli('train', sample('mnist-mlp'), '--limit', '500', '--epochs', '1', '--backend', 'wasm');
    expect(r.stderr).toContain('Epoch 1/1');
    expect(r.code).toBe(0);
    const folder = /Run folder: (.+)/.exec(r.stdout)?.[1];
    expect(folder).toMatch(/^runs\/\d{8}-\d{6}-mnist-mlp-[0-9a-f]{6}$/);
    const dir = path.join(tmp.dir, folder!);
    for (const f of [
      'summary.json',
      'metrics.jsonl',
      'graph.layerloom',
      'model/model.json',
      'model/weights.bin',
    ])
      expect(existsSync(path.join(dir, f)), f).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'))).toMatchObject({
      status: 'completed',
      backend: 'wasm',
    });
  });
});
