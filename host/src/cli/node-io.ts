import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataIO } from '../../../graph-core/src/data';
import { nodeImportIO } from '../data/io';
import { resolveWorkspaceDir } from '../workspace/layout';

/**
 * The folder holding `samples/` and `datasets/`. The CLI runs from source (host/src/cli), from the
 * bundle (dist/cli) or from an installed package, so it looks upward from this file; the
 * LAYERLOOM_ASSETS variable overrides that.
 */
export function findAssetsDir(from: string = path.dirname(fileURLToPath(import.meta.url))): string | null {
  const override = process.env['LAYERLOOM_ASSETS'];
  if (override) return path.resolve(override);
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'assets');
    if (existsSync(path.join(candidate, 'samples'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The workspace the CLI reads imported datasets from: `--workspace`, else LAYERLOOM_WORKSPACE, else ~/Layerloom. */
export function cliWorkspaceDir(flag: string | null = null): string {
  return flag ? path.resolve(flag) : resolveWorkspaceDir([], process.env);
}

export class AssetMissingError extends Error {}

/**
 * Data access for Node: assets from the install; CSV files and image folders relative to the
 * project file's folder; datasets imported into the workspace (`datasetId`).
 */
export function nodeDataIO(
  projectDir: string,
  assetsDir: string | null = findAssetsDir(),
  workspaceDir: string | null = cliWorkspaceDir(),
): DataIO {
  return {
    ...nodeImportIO(projectDir, workspaceDir),
    async readAsset(name) {
      if (!assetsDir) throw new AssetMissingError('Cannot find the assets folder; set LAYERLOOM_ASSETS.');
      const file = path.join(assetsDir, name);
      try {
        return new Uint8Array(await fsp.readFile(file));
      } catch {
        throw new AssetMissingError(
          `Missing ${path.relative(process.cwd(), file) || file}: run \`npm run build:data\` first.`,
        );
      }
    },
    async readFile(relative) {
      return new Uint8Array(await fsp.readFile(path.resolve(projectDir, relative)));
    },
  };
}
