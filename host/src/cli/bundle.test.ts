import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  return cliWith({}, ...args);
}

function cliWith(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: tmp.dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...env },
  });
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

describe("the built bundle on tfjs's threaded wasm build", () => {
  it('trains with the threads LAYERLOOM_WASM_THREADS asks for, says so, and learns the same as one thread', () => {
    const run = (threads: string) =>
      cliWith(
        { LAYERLOOM_WASM_THREADS: threads },
        'train',
        sample('iris-mlp'),
        '--epochs',
        '2',
        '--backend',
        'wasm',
        '--out',
        `iris-${threads}`,
      );
    const two = run('2');
    expect(two.code).toBe(0);
    expect(two.stderr).toContain('on wasm (chosen with --backend; 2 threads)');
    const one = run('1');
    expect(one.stderr).toContain('on wasm (chosen with --backend; 1 thread)');
    const final = (out: string) => /Run completed: (.*)/.exec(out)?.[1];
    expect(final(two.stdout)).toBeTruthy();
    expect(final(two.stdout)).toBe(final(one.stdout));
  });
});

describe('the built bundle and WebGPU (Dawn, loaded only when asked for or probed)', () => {
  it('refuses --backend webgpu in one line with exit 2 where the webgpu package is missing, and auto says why it left webgpu out', () => {
    // The bundle alone, away from node_modules, is an install without the optional package. A
    // stand-in libvulkan.so.1 gets it past the Vulkan check, so the package itself is looked for.
    const alone = path.join(tmp.dir, 'alone');
    const vulkan = path.join(tmp.dir, 'fake-vulkan');
    mkdirSync(vulkan, { recursive: true });
    writeFileSync(path.join(vulkan, 'libvulkan.so.1'), '');
    cpSync(path.join(ROOT, 'dist', 'cli'), alone, { recursive: true });
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(alone, 'layerloom.mjs'), 'train', sample('iris-mlp'), ...args], {
        cwd: tmp.dir,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, LD_LIBRARY_PATH: vulkan },
      });
    const named = run('--backend', 'webgpu', '--out', 'never');
    expect(named.status).toBe(2);
    expect(named.stderr).toBe(
      'layerloom: --backend webgpu cannot run here: the optional webgpu package (Dawn for Node) is not installed\n',
    );
    expect(existsSync(path.join(tmp.dir, 'never'))).toBe(false);

    const auto = run('--epochs', '1', '--workspace', path.join(tmp.dir, 'ws-alone'), '--out', 'auto-alone');
    expect(auto.status).toBe(0);
    expect(auto.stderr).toContain(
      '    webgpu not probed: the optional webgpu package (Dawn for Node) is not installed\n',
    );
    const summary = JSON.parse(readFileSync(path.join(tmp.dir, 'auto-alone', 'summary.json'), 'utf8')) as {
      backend: string;
    };
    expect(['wasm', 'cpu']).toContain(summary.backend);
  }, 120_000);

  const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
  it.skipIf(!existsSync(ICD))(
    `trains a small iris run on --backend webgpu through Dawn on SwiftShader's Vulkan (needs ${ICD} from Debian's chromium; skipped without it)`,
    () => {
      const r = spawnSync(
        process.execPath,
        [
          bin,
          'train',
          sample('iris-mlp'),
          '--backend',
          'webgpu',
          '--epochs',
          '1',
          '--limit',
          '48',
          '--out',
          'gpu-run',
        ],
        {
          cwd: tmp.dir,
          encoding: 'utf8',
          timeout: 90_000,
          env: { ...process.env, VK_ICD_FILENAMES: ICD, LD_LIBRARY_PATH: path.dirname(ICD) },
        },
      );
      expect(r.stderr).toMatch(/on webgpu \(chosen with --backend; adapter google swiftshader .*\)\n/);
      expect(r.status).toBe(0);
      const summary = JSON.parse(readFileSync(path.join(tmp.dir, 'gpu-run', 'summary.json'), 'utf8')) as {
        status: string;
        backend: string;
        backendReason: string;
        final: { loss: number };
      };
      expect(summary).toMatchObject({ status: 'completed', backend: 'webgpu' });
      expect(summary.backendReason).toMatch(/adapter google swiftshader .*SwiftShader driver/);
      expect(Number.isFinite(summary.final.loss)).toBe(true);
    },
    90_000,
  );
});
