import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataIO } from '../../../graph-core/src/data';
import { HostError } from '../contract/api';
import { listImageFolder } from '../data/folder';
import { nodeImportIO } from '../data/io';
import { resolveInside } from '../fs/resolve-inside';
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

/** What a refused data path tells the person, after the reason. */
const DATA_RULE =
  "a data path is relative to the project file's folder and stays inside it (pass --allow-data-outside to read it anyway)";

/**
 * Data access for Node: assets from the install; CSV files and image folders relative to the
 * project file's folder; datasets imported into the workspace (`datasetId`).
 *
 * Data paths follow the app's rule (docs/HOST.md, "Data files beside a project"): relative to the
 * project's folder and inside it, `..`, absolute paths and links that lead out refused, links
 * inside image folders not followed. `allowDataOutside` (the CLI's `--allow-data-outside`) lifts
 * the first part for people who run their own projects against data kept elsewhere.
 */
export function nodeDataIO(
  projectDir: string,
  assetsDir: string | null = findAssetsDir(),
  workspaceDir: string | null = cliWorkspaceDir(),
  options: { allowDataOutside?: boolean; warn?: (message: string) => void } = {},
): DataIO {
  const told = new Set<string>(); // analysis and training both load the data: say each thing once
  const warn = (message: string) => {
    if (told.has(message)) return;
    told.add(message);
    options.warn?.(message);
  };
  const locate = async (relative: string) => {
    if (options.allowDataOutside) return path.resolve(projectDir, relative);
    try {
      return await resolveInside(projectDir, relative);
    } catch (error) {
      if (error instanceof HostError) throw new Error(`${error.message}: ${DATA_RULE}`);
      throw error;
    }
  };
  const imports = nodeImportIO(projectDir, workspaceDir);
  return {
    ...imports,
    warn,
    listFolder: async (relative) => listImageFolder(await locate(relative)),
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
      return new Uint8Array(await fsp.readFile(await locate(relative)));
    },
  };
}
