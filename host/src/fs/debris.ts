import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { isTempFile } from './atomic-write';

/** A temp file older than this is debris of an interrupted save, never one in progress. */
export const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * Removes temp files of interrupted atomic writes (`.name.xxxx.tmp`, up to a project's size each)
 * from `root` and its folders, `depth` levels down. Links are never followed, files younger than
 * `maxAgeMs` are left to the save that may still be writing them, and failures are ignored: this
 * is housekeeping at start, never a reason not to start. Returns the paths removed.
 */
export async function removeStaleTemps(
  root: string,
  options: { depth?: number; maxAgeMs?: number; now?: number } = {},
): Promise<string[]> {
  const { depth = 3, maxAgeMs = STALE_TEMP_MS, now = Date.now() } = options;
  const removed: string[] = [];
  const walk = async (dir: string, level: number) => {
    const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (level < depth) await walk(full, level + 1);
      } else if (entry.isFile() && isTempFile(entry.name)) {
        const stat = await fsp.lstat(full).catch(() => null);
        if (
          stat &&
          now - stat.mtimeMs > maxAgeMs &&
          (await fsp.rm(full).then(
            () => true,
            () => false,
          ))
        )
          removed.push(full);
      }
    }
  };
  await walk(root, 0);
  return removed;
}
