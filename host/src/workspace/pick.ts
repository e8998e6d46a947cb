import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { HostError } from '../contract/api';
import type { OpParsedArgs, OpReturn } from '../contract/ops';
import type { HostContext } from './context';

/** Caps on what a dialog pick may pull into memory (user files can be anything). */
export const PICK_LIMITS = { totalBytes: 512 * 1024 * 1024, files: 20_000, depth: 6 };

function needDialogs(ctx: HostContext) {
  if (!ctx.dialogs)
    throw new HostError('unsupported', 'no file dialog in the browser: upload the files instead');
  return ctx.dialogs;
}

function tooLarge(): HostError {
  return new HostError(
    'too_large',
    `the selection is larger than ${PICK_LIMITS.totalBytes / 1024 / 1024} MiB`,
  );
}

export async function pickFile(
  ctx: HostContext,
  args: OpParsedArgs<'pickFile'>,
): Promise<OpReturn<'pickFile'>> {
  const chosen = await needDialogs(ctx).pickFiles(args.filters, args.multiple);
  if (!chosen || chosen.length === 0) return null;
  let total = 0;
  const files = [];
  for (const file of chosen) {
    const stat = await fsp.stat(file);
    total += stat.size;
    if (total > PICK_LIMITS.totalBytes) throw tooLarge();
    files.push({ name: path.basename(file), bytes: await fsp.readFile(file) });
  }
  return { files };
}

/**
 * Reads a chosen folder (e.g. one sub-folder per class of images). Symlinks and hidden files are
 * skipped; so are files without one of `extensions`, and each skip is reported by its path.
 */
export async function pickFolder(
  ctx: HostContext,
  args: OpParsedArgs<'pickFolder'>,
): Promise<OpReturn<'pickFolder'>> {
  const root = await needDialogs(ctx).chooseFolder('Choose a folder');
  if (!root) return null;
  const wanted = args.extensions?.map((e) => `.${e.toLowerCase()}`);
  const files: { path: string; bytes: Uint8Array }[] = [];
  const skipped: string[] = [];
  let total = 0;
  const walk = async (dir: string, rel: string, depth: number): Promise<void> => {
    for (const entry of (await fsp.readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory() && depth < PICK_LIMITS.depth) {
        await walk(path.join(dir, entry.name), relPath, depth + 1);
      } else if (!entry.isFile() || (wanted && !wanted.includes(path.extname(entry.name).toLowerCase()))) {
        skipped.push(relPath);
      } else {
        if (files.length >= PICK_LIMITS.files)
          throw new HostError('too_large', `more than ${PICK_LIMITS.files} files`);
        try {
          const bytes = await fsp.readFile(path.join(dir, entry.name));
          total += bytes.byteLength;
          if (total > PICK_LIMITS.totalBytes) throw tooLarge();
          files.push({ path: relPath, bytes });
        } catch (error) {
          if (error instanceof HostError) throw error;
          skipped.push(relPath);
        }
      }
    }
  };
  await walk(root, '', 0);
  return { name: path.basename(root), files, skipped };
}
