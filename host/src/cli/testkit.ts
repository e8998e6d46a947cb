import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Console } from './main';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SAMPLES = path.join(ROOT, 'assets', 'samples');
export const sample = (name: string) => path.join(SAMPLES, `${name}.layerloom`);

/** Builds the MNIST asset when missing (a no-op when it is up to date). */
export function ensureDataAsset(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-data.mjs')], { stdio: 'ignore' });
}

export function captureConsole(): Console & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: { write: (s: string) => (out += s), isTTY: false },
    err: { write: (s: string) => (err += s), isTTY: false },
    stdout: () => out,
    stderr: () => err,
  };
}
