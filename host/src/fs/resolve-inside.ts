import { constants as fsConstants, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { HostError } from '../contract/api';
import { excerpt } from '../contract/messages';

/**
 * Checks a relative path coming from outside (the renderer, a project file) and returns the
 * absolute path it names inside `root`. Refused: NUL bytes, absolute paths (POSIX, Windows drive or
 * UNC), any `..` segment, and, on disk, any symlink on the way that leads outside `root`.
 */
export function resolveInsideLexical(root: string, rel: string): string {
  const refuse = (why: string) => new HostError('forbidden', `path ${excerpt(String(rel))} refused: ${why}`);
  if (typeof rel !== 'string' || rel.length === 0) throw refuse('empty');
  if (rel.includes('\0')) throw refuse('contains a NUL byte');
  if (path.isAbsolute(rel) || path.win32.isAbsolute(rel) || /^[A-Za-z]:/.test(rel))
    throw refuse('absolute path');
  const segments = rel.split(/[\\/]+/);
  if (segments.includes('..')) throw refuse('".." is not allowed');
  const absRoot = path.resolve(root);
  const resolved = path.resolve(absRoot, ...segments.filter((s) => s !== '' && s !== '.'));
  const relative = path.relative(absRoot, resolved);
  if (relative.startsWith('..') || path.isAbsolute(relative)) throw refuse('outside its folder');
  return resolved;
}

/**
 * Like `resolveInsideLexical`, and also follows symlinks of the existing part of the path: the
 * result is the real path, inside the real `root`. A link that leads nowhere (dangling) is refused
 * too, since opening it for writing would create its target wherever it points.
 *
 * This is the ONE containment check of the host: every path it opens in the workspace (and in a
 * project's data folder) goes through it, usually via `./contained`.
 */
export async function resolveInside(root: string, rel: string): Promise<string> {
  const resolved = resolveInsideLexical(root, rel);
  const refuse = (why: string) => new HostError('forbidden', `path ${excerpt(rel)} refused: ${why}`);
  const realRoot = await fsp.realpath(root);
  let probe = resolved;
  let rest = '';
  // Walk up to the deepest part that exists; what does not exist yet cannot be a link.
  for (;;) {
    let real: string;
    try {
      real = await fsp.realpath(probe);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'ELOOP') throw error;
      // realpath fails but the entry is there: a link to nothing (or a loop of links).
      if (
        await fsp.lstat(probe).then(
          () => true,
          () => false,
        )
      )
        throw refuse('a link leads nowhere');
      const parent = path.dirname(probe);
      if (parent === probe) throw error;
      rest = rest ? path.join(path.basename(probe), rest) : path.basename(probe);
      probe = parent;
      continue;
    }
    const relative = path.relative(realRoot, real);
    if (relative.startsWith('..') || path.isAbsolute(relative))
      throw refuse('a link leads outside its folder');
    return rest ? path.join(real, rest) : real;
  }
}

/** Test-only: runs between the containment check and the open, to swap files for links there. */
export const openInsideHooks: { afterCheck?: (checked: string) => Promise<void> | void } = {};

const OPEN_FLAGS = {
  read: fsConstants.O_RDONLY,
  append: fsConstants.O_RDWR | fsConstants.O_APPEND | fsConstants.O_CREAT,
} as const;

/**
 * Opens `rel` inside `root` without the gap between check and open that `resolveInside` + open by
 * path leaves: the last component is opened with O_NOFOLLOW (a file swapped for a link meanwhile
 * fails to open), and the file actually opened is checked again — through its descriptor's real
 * path where the system shows it (/proc/self/fd), else by resolving the path again and comparing
 * device and inode with the open file — so a folder on the way swapped for a link out is caught.
 */
export async function openInside(root: string, rel: string, mode: keyof typeof OPEN_FLAGS) {
  const checked = await resolveInside(root, rel);
  await openInsideHooks.afterCheck?.(checked);
  const refuse = () =>
    new HostError('forbidden', `path ${excerpt(rel)} refused: it was replaced by a link while being opened`);
  let handle: FileHandle;
  try {
    handle = await fsp.open(checked, OPEN_FLAGS[mode] | (fsConstants.O_NOFOLLOW ?? 0), 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw refuse();
    throw error;
  }
  try {
    const realRoot = await fsp.realpath(root);
    const held = await fsp.readlink(`/proc/self/fd/${handle.fd}`).catch(() => null);
    if (held !== null) {
      const relative = path.relative(realRoot, held);
      if (relative.startsWith('..') || path.isAbsolute(relative)) throw refuse();
    } else {
      const again = await resolveInside(root, rel);
      const [named, open] = await Promise.all([fsp.stat(again), handle.stat()]);
      if (named.dev !== open.dev || named.ino !== open.ino) throw refuse();
    }
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}
