import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';

/** The steps of one atomic write, in order; tests crash the write after each of them. */
export const ATOMIC_STEPS = ['temp-written', 'temp-synced', 'backup-kept', 'renamed', 'dir-synced'] as const;
export type AtomicStep = (typeof ATOMIC_STEPS)[number];

export interface AtomicWriteOptions {
  /** Keep the previous version as `<file>.bak` (default true). */
  backup?: boolean;
  /** Called after each step; a test throws here to stand for the process dying at that point. */
  afterStep?: (step: AtomicStep) => void;
}

export const backupPathOf = (file: string): string => `${file}.bak`;

/** Temp files start with a dot and end in `.tmp`, so listings never mistake them for data. */
export function isTempFile(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

/**
 * Replaces `file` so that a reader (or a restart after a crash at any instant) sees either the old
 * content or the new one, never a mix: write a temp file in the same folder, fsync it, keep the
 * previous version as `.bak` through a hard link, rename over the target, fsync the folder.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const { backup = true } = options;
  await withSyncedTemp(file, data, options, async (temp, step) => {
    if (backup) await keepBackup(file);
    step('backup-kept');
    await fsp.rename(temp, file);
    step('renamed');
  });
}

/**
 * Creates `file` with `data` only if nothing has that name, atomically: the complete file appears
 * under its name or nothing does, and of two racing creators exactly one wins, the other gets
 * EEXIST. A hard link from a synced temp file does both (link(2) never replaces); where the file
 * system has no hard links an exclusive create (`wx`) keeps the "exactly one wins" promise.
 */
export async function createFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: Pick<AtomicWriteOptions, 'afterStep'> = {},
): Promise<void> {
  await withSyncedTemp(file, data, options, async (temp, step) => {
    step('backup-kept');
    try {
      await fsp.link(temp, file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw error;
      const handle = await fsp.open(file, 'wx', 0o644);
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    await fsp.rm(temp, { force: true });
    step('renamed');
  });
}

/** Writes and fsyncs a temp file beside `file`, runs `land`, fsyncs the folder; never leaves the temp behind. */
async function withSyncedTemp(
  file: string,
  data: string | Uint8Array,
  options: Pick<AtomicWriteOptions, 'afterStep'>,
  land: (temp: string, step: (name: AtomicStep) => void) => Promise<void>,
): Promise<void> {
  const afterStep = options.afterStep ?? (() => {});
  const dir = path.dirname(file);
  const temp = tempPathFor(file);
  let crashed = false;
  const step = (name: AtomicStep) => {
    try {
      afterStep(name);
    } catch (error) {
      crashed = true; // a simulated death leaves the disk exactly as it is
      throw error;
    }
  };
  try {
    const handle = await fsp.open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      step('temp-written');
      await handle.sync();
      step('temp-synced');
    } finally {
      await handle.close();
    }
    await land(temp, step);
    await syncDir(dir);
    step('dir-synced');
  } catch (error) {
    if (!crashed) await fsp.rm(temp, { force: true });
    throw error;
  }
}

const tempPathFor = (file: string) =>
  path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);

/**
 * `<file>.bak` becomes the current `file` in one step: a hard link (or, without hard links, a
 * copy) under a temp name is renamed over the old `.bak`, so a reader never finds the backup
 * missing or half-copied, even while other saves of the same file run.
 */
async function keepBackup(file: string): Promise<void> {
  const bak = backupPathOf(file);
  const temp = tempPathFor(bak);
  try {
    try {
      await fsp.link(file, temp);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return; // first write: nothing to keep
      // Some file systems have no hard links; a copy is slower but keeps the same promise.
      await fsp.copyFile(file, temp);
    }
    await fsp.rename(temp, bak);
  } catch (error) {
    await fsp.rm(temp, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // the file went meanwhile
    throw error;
  }
}

async function syncDir(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    // Windows cannot open or fsync a directory; the rename is still atomic there.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EACCES') throw error;
  } finally {
    await handle?.close();
  }
}

/** Writes JSON with a trailing newline, atomically. */
export async function writeJsonAtomic(
  file: string,
  value: unknown,
  options?: AtomicWriteOptions,
): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, options);
}
