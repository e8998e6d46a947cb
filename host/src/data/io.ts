import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ImportIO } from '../../../graph-core/src/data';
import { decodeImageNode } from './decode';
import { resolveInside } from '../fs/resolve-inside';
import { listImageFolder } from './folder';

const DATASET_ID = /^[a-z0-9][a-z0-9-]{0,80}$/;

/**
 * What the data pipeline needs in Node beyond assets: user files and image folders relative to
 * the project file's folder, PNG/JPEG decoding, and datasets kept in the workspace
 * (`datasets/<id>/meta.json` holding `{ name, createdAt, meta }` and `data.bin`, as host/workspace
 * writes them). Spread it into the CLI's DataIO.
 */
export function nodeImportIO(
  projectDir: string,
  workspaceDir: string | null,
): Required<Omit<ImportIO, 'readFile' | 'warn'>> {
  return {
    listFolder: (relative) => listImageFolder(path.resolve(projectDir, relative)),
    decodeImage: decodeImageNode,
    async readWorkspaceDataset(id) {
      if (!workspaceDir || !DATASET_ID.test(id)) return null;
      // The workspace's one containment check: a link there never leads the CLI out of it.
      const inside = (name: string) => resolveInside(workspaceDir, `datasets/${id}/${name}`);
      const metaText = await inside('meta.json')
        .then((f) => fsp.readFile(f, 'utf8'))
        .catch(() => null);
      const data = await inside('data.bin')
        .then((f) => fsp.readFile(f))
        .catch(() => null);
      if (metaText === null || data === null) return null;
      let stored: unknown;
      try {
        stored = JSON.parse(metaText);
      } catch {
        stored = null;
      }
      const meta = stored && typeof stored === 'object' && 'meta' in stored ? stored.meta : stored;
      return { meta, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
    },
  };
}
