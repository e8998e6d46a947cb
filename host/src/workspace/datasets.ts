import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HostError } from '../contract/api';
import type { OpParsedArgs, OpReturn } from '../contract/ops';
import { DatasetId, JsonObject } from '../contract/schemas';
import { writeFileAtomic, writeJsonAtomic } from '../fs/atomic-write';
import { folderInside, listInside, readOptionalJsonInside } from '../fs/contained';
import { resolveInside } from '../fs/resolve-inside';
import type { HostContext } from './context';
import { datasetAssetsDir, inWorkspace } from './context';
import { slug } from './layout';

/**
 * An imported dataset is `datasets/<id>/meta.json` + `data.bin`. The data helper owns what the
 * metadata and the bytes mean; the host keeps them safe and hands them back unchanged.
 */
const Stored = z.object({ name: z.string(), createdAt: z.string(), meta: JsonObject });
const DATA_FILE = 'data.bin';

const relOf = (id: string) => `datasets/${DatasetId.parse(id)}`;

export async function readDatasetAsset(
  ctx: HostContext,
  args: OpParsedArgs<'readDatasetAsset'>,
): Promise<OpReturn<'readDatasetAsset'>> {
  const file = await resolveInside(datasetAssetsDir(ctx), args.name);
  try {
    return { bytes: await fsp.readFile(file) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new HostError('not_found', `dataset asset "${args.name}" is missing: run "npm run build:data"`);
    }
    throw error;
  }
}

/** A dataset's folder and what its meta.json says; null when it is not a whole dataset. */
async function describe(ctx: HostContext, id: string) {
  const dir = await folderInside(ctx.root, relOf(id), `imported dataset "${id}"`).catch(() => null);
  if (!dir) return null;
  const stored = Stored.safeParse(await readOptionalJsonInside(dir, 'meta.json'));
  if (!stored.success) return null;
  const dataFile = await resolveInside(dir, DATA_FILE).catch(() => null);
  const stat = dataFile ? await fsp.stat(dataFile).catch(() => null) : null;
  if (!dataFile || !stat?.isFile()) return null;
  return {
    dataFile,
    id,
    name: stored.data.name,
    meta: stored.data.meta,
    size: stat.size,
    createdAt: stored.data.createdAt,
  };
}

export async function importDataset(
  ctx: HostContext,
  args: OpParsedArgs<'importDataset'>,
): Promise<OpReturn<'importDataset'>> {
  const base = slug(args.name, 'dataset', 60);
  const parent = await inWorkspace(ctx, 'datasets');
  await fsp.mkdir(parent, { recursive: true });
  // mkdir without `recursive` is the atomic claim of a free id (and never goes through a link).
  let id = base;
  for (let n = 2; ; n++) {
    const claimed = await fsp.mkdir(path.join(parent, id)).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') return false;
        throw error;
      },
    );
    if (claimed) break;
    id = `${base}-${n}`;
  }
  const dir = path.join(parent, id);
  const createdAt = ctx.now().toISOString();
  try {
    // Data first, meta last: a dataset without meta.json is invisible rather than half-read.
    await writeFileAtomic(path.join(dir, DATA_FILE), args.data, { backup: false });
    await writeJsonAtomic(path.join(dir, 'meta.json'), { name: args.name, createdAt, meta: args.meta });
  } catch (error) {
    await fsp.rm(dir, { recursive: true, force: true }); // no empty or half dataset left behind
    throw error;
  }
  return { id, name: args.name, meta: args.meta, size: args.data.byteLength, createdAt };
}

export async function listDatasets(ctx: HostContext): Promise<OpReturn<'listDatasets'>> {
  const entries = await listInside(ctx.root, 'datasets');
  const datasets = [];
  for (const entry of entries) {
    if (!entry.isDirectory || !DatasetId.safeParse(entry.name).success) continue;
    const described = await describe(ctx, entry.name);
    if (described) {
      const { dataFile: _file, ...listed } = described;
      datasets.push(listed);
    }
  }
  return { datasets: datasets.sort((a, b) => a.name.localeCompare(b.name)) };
}

export async function readDataset(
  ctx: HostContext,
  args: OpParsedArgs<'readDataset'>,
): Promise<OpReturn<'readDataset'>> {
  const described = await describe(ctx, args.id);
  if (!described) throw new HostError('not_found', `no imported dataset "${args.id}"`);
  const { dataFile, ...listed } = described;
  return { ...listed, data: await fsp.readFile(dataFile) };
}

export async function deleteDataset(
  ctx: HostContext,
  args: OpParsedArgs<'deleteDataset'>,
): Promise<OpReturn<'deleteDataset'>> {
  const dir = await folderInside(ctx.root, relOf(args.id), 'dataset').catch((error: unknown) => {
    if (error instanceof HostError && error.code === 'not_found') return null;
    throw error;
  });
  if (!dir) return { deleted: false };
  const trash = await inWorkspace(ctx, 'trash/datasets');
  await fsp.mkdir(trash, { recursive: true });
  await fsp.rename(dir, path.join(trash, `${args.id}-${ctx.now().getTime()}`));
  return { deleted: true };
}
