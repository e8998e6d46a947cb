import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { HostError } from '../contract/api';
import { openInside, resolveInside } from './resolve-inside';

/**
 * Small IO helpers over `resolveInside`, so that no host operation opens a workspace path without
 * the one containment check. `dir` is always a path `resolveInside` returned (a real path).
 */

/** A file's bytes inside `dir`, opened without following a link swapped in after the check. */
export async function readInside(dir: string, rel: string): Promise<Buffer> {
  const handle = await openInside(dir, rel, 'read');
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** A file's text inside `dir`; null when it is missing, not a file, or refused (a link out). */
export async function readOptionalInside(dir: string, rel: string): Promise<string | null> {
  try {
    return (await readInside(dir, rel)).toString('utf8');
  } catch {
    return null;
  }
}

/** JSON inside `dir`; null when missing, refused or damaged. */
export async function readOptionalJsonInside(dir: string, rel: string): Promise<unknown> {
  const text = await readOptionalInside(dir, rel);
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Whether `rel` exists inside `dir` (a link that leads out does not count). */
export async function existsInside(dir: string, rel: string): Promise<boolean> {
  try {
    await fsp.stat(await resolveInside(dir, rel));
    return true;
  } catch {
    return false;
  }
}

/** A folder inside `root` that exists: its real path, or `not_found` with `what` in the message. */
export async function folderInside(root: string, rel: string, what: string): Promise<string> {
  const dir = await resolveInside(root, rel);
  const stat = await fsp.stat(dir).catch(() => null);
  if (!stat?.isDirectory()) throw new HostError('not_found', `no ${what}`);
  return dir;
}

/**
 * The names of the entries of a folder inside `root` that stay inside it, with what they are.
 * Links that lead out (or nowhere) are left out, so a listing never shows outside names.
 */
export async function listInside(
  root: string,
  rel: string,
): Promise<{ name: string; path: string; isFile: boolean; isDirectory: boolean; isLink: boolean }[]> {
  let dir: string;
  try {
    dir = await resolveInside(root, rel);
  } catch (error) {
    if (error instanceof HostError && error.code === 'forbidden') return [];
    throw error;
  }
  const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
  const out = [];
  for (const entry of entries) {
    let real: string;
    try {
      real = await resolveInside(dir, entry.name);
    } catch {
      continue;
    }
    const stat = await fsp.stat(real).catch(() => null);
    if (!stat) continue;
    out.push({
      name: entry.name,
      path: real,
      isFile: stat.isFile(),
      isDirectory: stat.isDirectory(),
      isLink: entry.isSymbolicLink(),
    });
  }
  return out;
}

/** Every file under `dir` as `a/b.txt`, links listed by name but never followed. */
export async function walkFilesInside(dir: string, maxDepth = 8): Promise<string[]> {
  const out: string[] = [];
  const walk = async (sub: string, prefix: string, depth: number) => {
    const entries = await fsp.readdir(sub, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        out.push(rel);
        if (depth < maxDepth) await walk(path.join(sub, entry.name), rel, depth + 1);
      } else out.push(rel);
    }
  };
  await walk(dir, '', 0);
  return out;
}
