import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImageFileSource } from '../../../graph-core/src/data';

/**
 * Every file under `root` (recursively), with "/"-separated paths relative to it. Hidden files
 * and links are left out (links are never followed), as the app's folder reader does.
 */
export async function listImageFolder(root: string): Promise<ImageFileSource[]> {
  const out: ImageFileSource[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        await walk(full);
      } else if (e.isFile()) {
        const { size } = await stat(full);
        const rel = path.relative(root, full).split(path.sep).join('/');
        out.push({ path: rel, size, read: async () => new Uint8Array(await readFile(full)) });
      }
    }
  };
  await walk(root);
  return out;
}
