import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HostError } from '../contract/api';
import type { OpParsedArgs, OpReturn } from '../contract/ops';
import { DatasetId, JsonObject } from '../contract/schemas';
import { writeFileAtomic, writeJsonAtomic } from '../fs/atomic-write';
import { resolveInside } from '../fs/resolve-inside';
import type { HostContext } from './context';
import { datasetAssetsDir } from './context';
import { exists, readJsonFile, slug } from './layout';

/**
 * An imported dataset is `datasets/<id>/meta.json` + `data.bin`. The data helper owns what the
 * metadata and the bytes mean; the host keeps them safe and hands them back unchanged.
 */
const Stored = z.object({ name: z.string(), createdAt: z.string(), meta: JsonObject });
const DATA_FILE = 'data.bin';

const dirOf = (ctx: HostContext, id: string) => path.join(ctx.root, 'datasets', DatasetId.parse(id));

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

async function describe(ctx: HostContext, id: string) {
  const dir = dirOf(ctx, id);
  const stored = Stored.safeParse(await readJsonFile(path.join(dir, 'meta.json')).catch(() => null));
  if (!stored.success) return null;
  const stat = await fsp.stat(path.join(dir, DATA_FILE)).catch(() => null);
  if (!stat) return null;
  return {
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
  let id = base;
  for (let n = 2; await exists(dirOf(ctx, id)); n++) id = `${base}-${n}`;
  const dir = dirOf(ctx, id);
  await fsp.mkdir(dir, { recursive: true });
  const createdAt = ctx.now().toISOString();
  // Data first, meta last: a dataset without meta.json is invisible rather than half-read.
  await writeFileAtomic(path.join(dir, DATA_FILE), args.data, { backup: false });
  await writeJsonAtomic(path.join(dir, 'meta.json'), { name: args.name, createdAt, meta: args.meta });
  return { id, name: args.name, meta: args.meta, size: args.data.byteLength, createdAt };
}

export async function listDatasets(ctx: HostContext): Promise<OpReturn<'listDatasets'>> {
  const entries = await fsp.readdir(path.join(ctx.root, 'datasets'), { withFileTypes: true });
  const datasets = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !DatasetId.safeParse(entry.name).success) continue;
    const described = await describe(ctx, entry.name);
    if (described) datasets.push(described);
  }
  return { datasets: datasets.sort((a, b) => a.name.localeCompare(b.name)) };
}

export async function readDataset(
  ctx: HostContext,
  args: OpParsedArgs<'readDataset'>,
): Promise<OpReturn<'readDataset'>> {
  const described = await describe(ctx, args.id);
  if (!described) throw new HostError('not_found', `no imported dataset "${args.id}"`);
  return { ...described, data: await fsp.readFile(path.join(dirOf(ctx, args.id), DATA_FILE)) };
}

export async function deleteDataset(
  ctx: HostContext,
  args: OpParsedArgs<'deleteDataset'>,
): Promise<OpReturn<'deleteDataset'>> {
  const dir = dirOf(ctx, args.id);
  if (!(await exists(dir))) return { deleted: false };
  const trash = path.join(ctx.root, 'trash', 'datasets');
  await fsp.mkdir(trash, { recursive: true });
  await fsp.rename(dir, path.join(trash, `${args.id}-${ctx.now().getTime()}`));
  return { deleted: true };
}
