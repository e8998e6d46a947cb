// Parallel sweep variants (issue 14): wall time of the same 4-variant MNIST MLP sweep
// (assets/sweeps/learning-rate.json) run sequentially (`--parallel 1`: one process, wasm with its
// default threads) and in parallel (`--parallel N`: a child process per variant, the cores split
// between them), side by side in one run, through the real CLI bundle.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext, BenchSection } from './contract';

const LIMIT = '2000';
const EPOCHS = '2';

function timeSweep(root: string, parallel: number): { seconds: number; ok: boolean } {
  const out = mkdtempSync(join(tmpdir(), 'layerloom-bench-sweep-'));
  const t0 = performance.now();
  const res = spawnSync(
    process.execPath,
    [
      join(root, 'dist/cli/layerloom.mjs'),
      'sweep',
      join(root, 'assets/sweeps/learning-rate.json'),
      ...['--limit', LIMIT, '--epochs', EPOCHS, '--backend', 'wasm', '--parallel', String(parallel)],
      ...['--out', join(out, 'sweep')],
    ],
    { cwd: root, stdio: 'ignore' },
  );
  const seconds = (performance.now() - t0) / 1000;
  rmSync(out, { recursive: true, force: true });
  return { seconds, ok: res.status === 0 };
}

export function run(ctx: BenchContext): BenchSection | string {
  if (!existsSync(join(ctx.root, 'dist/cli/layerloom.mjs')))
    return 'Sweep section skipped: dist/cli/layerloom.mjs is missing (npm run build:cli).';
  const cores = cpus().length;
  const parallel = Math.max(2, Math.min(cores, 4));
  ctx.log(`sweep: 4 variants × ${EPOCHS} epochs on ${LIMIT} digits, sequential then --parallel ${parallel}`);
  const seq = timeSweep(ctx.root, 1);
  const par = timeSweep(ctx.root, parallel);
  const status = (r: { ok: boolean }) => (r.ok ? 'ok' : 'FAILED');
  return {
    title: `Sweep wall time: 4-variant MNIST MLP (learning-rate.json, --limit ${LIMIT} --epochs ${EPOCHS}, wasm)`,
    header: ['mode', 'processes × wasm threads', 'wall s', 'status'],
    rows: [
      ['sequential (--parallel 1)', `1 × default`, seq.seconds.toFixed(1), status(seq)],
      [
        `parallel (--parallel ${parallel})`,
        `${parallel} × ${Math.max(1, Math.floor(cores / parallel))}`,
        par.seconds.toFixed(1),
        status(par),
      ],
      ['ratio sequential / parallel', '', (seq.seconds / par.seconds).toFixed(2), ''],
    ],
    notes: [
      'Each wall time includes starting the CLI, loading MNIST and compiling, once per process: what a user waits for.',
    ],
  };
}
