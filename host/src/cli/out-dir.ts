import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { ioSentence } from '../contract/messages';

/** How long creating the run folder may take before the CLI gives up (a hung mount, /proc). */
export const CREATE_OUT_MS = 10_000;

/** Kernel views, not storage: Node's recursive mkdir under them can spin forever. */
const SYSTEM_TREES = ['/proc', '/sys', '/dev'];

const show = (dir: string) => path.relative(process.cwd(), dir) || '.';

/**
 * Checks `--out DIR` before anything is read or trained: an existing file there, or a place
 * inside a kernel tree, is a usage error (the message to print), else null.
 */
export async function checkOutDir(dir: string): Promise<string | null> {
  const stat = await fsp.lstat(dir).catch(() => null);
  if (stat && !stat.isDirectory())
    return `--out ${show(dir)} is an existing file, not a folder: choose another name (nothing was trained)`;
  let real = dir;
  for (let probe = dir; ; probe = path.dirname(probe)) {
    const found = await fsp.realpath(probe).catch(() => null);
    if (found) {
      real = path.join(found, path.relative(probe, dir));
      break;
    }
    if (path.dirname(probe) === probe) break;
  }
  const tree = SYSTEM_TREES.find((t) => real === t || real.startsWith(`${t}/`));
  if (tree) return `--out ${show(dir)} is inside ${tree}, a system folder where runs cannot be written`;
  return null;
}

/** Creates the run folder within `limitMs`; the message to print when it cannot be, else null. */
export async function createOutDir(dir: string, limitMs = CREATE_OUT_MS): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(
      () => resolve(`could not create --out ${show(dir)} within ${limitMs / 1000} s: choose another folder`),
      limitMs,
    );
    timer.unref();
  });
  const made = fsp.mkdir(dir, { recursive: true }).then(
    () => null,
    (error: unknown) =>
      `cannot create --out ${show(dir)}: ${ioSentence(error) ?? (error as Error).message} (nothing was trained)`,
  );
  try {
    return await Promise.race([made, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
