// Runs bench/torch_bench.py with the Python that imports torch (host/src/testing/python.ts finds it:
// the PATH python may be a version manager's shim without Debian's python3-torch).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPython } from '../host/src/testing/python';
import type { BenchData } from './data';

export function findTorchPython(): { python: string; version: string } | { missing: string } {
  const found = findPython(['torch']);
  return 'missing' in found ? found : { python: found.python, version: found.versions.torch ?? '' };
}

export function writeTorchData(dir: string, data: BenchData): string {
  const path = join(dir, 'mnist-bench.bin');
  const bytes = new Uint8Array(data.count * 784 * 4 + data.count * 4);
  bytes.set(new Uint8Array(data.x.buffer, data.x.byteOffset, data.count * 784 * 4), 0);
  bytes.set(new Uint8Array(data.labels.buffer, data.labels.byteOffset, data.count * 4), data.count * 784 * 4);
  writeFileSync(path, bytes);
  return path;
}

export function runTorch(
  root: string,
  python: string,
  dataPath: string,
  models: string[],
  seconds: number,
  warmup: number,
  threads: number,
  /** E.g. BENCH_TORCH_DEVICE=cuda and BENCH_BATCH for the GPU bench. */
  extraEnv: Record<string, string> = {},
): Map<string, number> {
  const script = join(root, 'bench/torch_bench.py');
  const run = spawnSync(python, [script, dataPath, String(seconds), String(warmup), ...models], {
    encoding: 'utf8',
    env: {
      ...process.env,
      OPENBLAS_NUM_THREADS: '1',
      OMP_NUM_THREADS: String(threads),
      BENCH_TORCH_THREADS: String(threads),
      ...extraEnv,
    },
    timeout: (seconds + warmup + 60) * 1000 * models.length,
  });
  if (run.status !== 0)
    throw new Error(`torch bench failed: ${run.stderr.trim().split('\n').slice(-3).join(' ')}`);
  const out = new Map<string, number>();
  for (const line of run.stdout.trim().split('\n')) {
    const row = JSON.parse(line) as { model: string; samplesPerSec: number };
    out.set(row.model, row.samplesPerSec);
  }
  return out;
}

/** Matmul peak with every BLAS thread: the ceiling GFLOP/s figures are compared with. */
export function measurePeak(root: string, python: string): number | undefined {
  const run = spawnSync(python, [join(root, 'bench/torch_bench.py'), '--peak'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0) return undefined;
  return (JSON.parse(run.stdout) as { peakGflops: number }).peakGflops;
}
