import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { RunFolderFiles } from '../../../graph-core/src/runs';
import { existsInside, readOptionalInside } from './contained';

async function modifiedAt(dir: string): Promise<Date | null> {
  return fsp.stat(dir).then(
    (s) => s.mtime,
    () => null,
  );
}

/**
 * A run folder anywhere on disk, for graph-core's reader (the CLI: folders the user names). A file
 * that cannot be read is absent, as the reader expects.
 */
export function nodeRunFolderFiles(dir: string): RunFolderFiles {
  return {
    readText: (rel) => fsp.readFile(path.join(dir, rel), 'utf8').catch(() => null),
    exists: (rel) =>
      fsp.stat(path.join(dir, rel)).then(
        () => true,
        () => false,
      ),
    modifiedAt: () => modifiedAt(dir),
  };
}

/** A run folder inside the workspace: every read goes through the containment check. */
export function containedRunFolderFiles(dir: string): RunFolderFiles {
  return {
    readText: (rel) => readOptionalInside(dir, rel),
    exists: (rel) => existsInside(dir, rel),
    modifiedAt: () => modifiedAt(dir),
  };
}
