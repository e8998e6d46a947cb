import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { HostError } from '../contract/api';
import type { OpParsedArgs, OpReturn } from '../contract/ops';
import {
  readRunFolder,
  readRunFolderDetail,
  RUN_FILES,
  RUN_FORMAT_VERSION,
  type RunFolder,
} from '../../../graph-core/src/runs';
import { RunId } from '../contract/schemas';
import type { RunMeta } from '../contract/schemas';
import type { RunListing } from '../contract/schemas';
import { isTempFile, writeFileAtomic, writeJsonAtomic } from '../fs/atomic-write';
import { folderInside, listInside, walkFilesInside } from '../fs/contained';
import { appendJsonlInside } from '../fs/jsonl';
import { resolveInside } from '../fs/resolve-inside';
import { containedRunFolderFiles } from '../fs/run-folder-files';
import type { HostContext } from './context';
import { inWorkspace } from './context';
import { slug } from './layout';

/** Host-owned run metadata (name, tags, note); summary.json stays exactly as the trainer wrote it. */
export const META_FILE = RUN_FILES.meta;

/** Workspace-relative folder of live or trashed runs. */
const runsRel = (trashed: boolean) => (trashed ? 'trash/runs' : 'runs');

/** The runs folder (real path, contained in the workspace). */
export const runsDir = (ctx: HostContext, trashed = false) => inWorkspace(ctx, runsRel(trashed));

import { timeStamp } from '../../../graph-core/src/runs';

export { timeStamp };

/** The folder of a live (not trashed) run; refuses ids that do not name an existing run. */
export async function runFolder(ctx: HostContext, runId: string, trashed = false): Promise<string> {
  const id = RunId.parse(runId);
  return folderInside(ctx.root, `${runsRel(trashed)}/${id}`, `${trashed ? 'trashed ' : ''}run "${id}"`);
}

export async function createRun(
  ctx: HostContext,
  args: OpParsedArgs<'createRun'>,
): Promise<OpReturn<'createRun'>> {
  const now = ctx.now();
  const runId = `${timeStamp(now)}-${slug(args.projectName)}-${randomBytes(3).toString('hex')}`;
  const dir = path.join(await runsDir(ctx), runId);
  await fsp.mkdir(dir, { recursive: false });
  try {
    await writeNewRun(dir, args, now);
  } catch (error) {
    // A run folder without meta.json would show in the Runs list as a run: leave none behind.
    await fsp.rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { runId };
}

async function writeNewRun(dir: string, args: OpParsedArgs<'createRun'>, now: Date) {
  const meta: RunMeta = {
    name: args.name ?? `${args.projectName} ${timeStamp(now)}`,
    tags: args.tags ?? [],
    note: '',
    projectName: args.projectName,
    projectId: args.projectId,
    sweepId: args.sweepId ?? null,
    ...(args.sweepVariant ? { sweepVariant: args.sweepVariant } : {}),
    createdAt: now.toISOString(),
    runFormat: RUN_FORMAT_VERSION,
  };
  await writeJsonAtomic(path.join(dir, META_FILE), meta, { backup: false });
  if (args.graph !== undefined)
    await writeFileAtomic(path.join(dir, RUN_FILES.graph), args.graph, { backup: false });
}

export async function appendMetrics(
  ctx: HostContext,
  args: OpParsedArgs<'appendMetrics'>,
): Promise<OpReturn<'appendMetrics'>> {
  const dir = await runFolder(ctx, args.runId);
  await appendJsonlInside(dir, RUN_FILES.metrics, args.records);
  return { appended: args.records.length };
}

export async function writeRunFile(
  ctx: HostContext,
  args: OpParsedArgs<'writeRunFile'>,
): Promise<OpReturn<'writeRunFile'>> {
  const dir = await runFolder(ctx, args.runId);
  if (args.name.endsWith('.json')) {
    try {
      JSON.parse(args.content);
    } catch (error) {
      throw new HostError('invalid', `${args.name} is not JSON (${(error as Error).message})`);
    }
  }
  await writeFileAtomic(await resolveInside(dir, args.name), args.content);
  return { written: args.name };
}

/** One run as graph-core's reader sees it (today's layout and both older ones). */
const readFolder = (dir: string, runId: string) => readRunFolder(containedRunFolderFiles(dir), { id: runId });

function toListing(run: RunFolder, trashed: boolean): RunListing {
  return {
    id: run.id,
    meta: run.meta,
    summary: run.summaryJson as RunListing['summary'],
    hasModel: run.hasModel,
    hasCheckpoint: run.hasCheckpoint,
    trashed,
  };
}

export async function listRuns(
  ctx: HostContext,
  args: OpParsedArgs<'listRuns'>,
): Promise<OpReturn<'listRuns'>> {
  const entries = await listInside(ctx.root, runsRel(args.trashed));
  const runs: RunListing[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory || entry.isLink || !RunId.safeParse(entry.name).success) continue;
    const run = toListing(await readFolder(entry.path, entry.name), args.trashed);
    if (args.projectName === undefined || run.meta.projectName === args.projectName) runs.push(run);
  }
  return {
    runs: runs.sort((a, b) => b.meta.createdAt.localeCompare(a.meta.createdAt) || b.id.localeCompare(a.id)),
  };
}

export async function readRun(ctx: HostContext, args: OpParsedArgs<'readRun'>): Promise<OpReturn<'readRun'>> {
  const dir = await runFolder(ctx, args.runId);
  const run = await readRunFolderDetail(containedRunFolderFiles(dir), { id: args.runId });
  const files = (await walkFilesInside(dir)).filter((f) => !isTempFile(path.posix.basename(f))).sort();
  return {
    ...toListing(run, false),
    metrics: run.metrics as OpReturn<'readRun'>['metrics'],
    skippedMetricLines: run.skippedMetricLines,
    graph: run.graph,
    evaluation: run.evaluation as OpReturn<'readRun'>['evaluation'],
    files,
  };
}

export async function updateRunMeta(
  ctx: HostContext,
  args: OpParsedArgs<'updateRunMeta'>,
): Promise<OpReturn<'updateRunMeta'>> {
  const dir = await runFolder(ctx, args.runId);
  const { meta } = await readFolder(dir, args.runId);
  const next: RunMeta = {
    ...meta,
    ...(args.name !== undefined && { name: args.name }),
    ...(args.tags !== undefined && { tags: [...new Set(args.tags)] }),
    ...(args.note !== undefined && { note: args.note }),
    ...(args.project !== undefined && { projectName: args.project.name, projectId: args.project.id }),
  };
  await writeJsonAtomic(await resolveInside(dir, META_FILE), next);
  return next;
}

export async function trashRun(
  ctx: HostContext,
  args: OpParsedArgs<'trashRun'>,
): Promise<OpReturn<'trashRun'>> {
  const dir = await runFolder(ctx, args.runId);
  await fsp.rename(dir, path.join(await runsDir(ctx, true), args.runId));
  return { trashed: true };
}

export async function restoreRun(
  ctx: HostContext,
  args: OpParsedArgs<'restoreRun'>,
): Promise<OpReturn<'restoreRun'>> {
  const dir = await runFolder(ctx, args.runId, true);
  const target = path.join(await runsDir(ctx), args.runId);
  if (
    await fsp.lstat(target).then(
      () => true,
      () => false,
    )
  )
    throw new HostError('exists', `a run "${args.runId}" already exists`);
  await fsp.rename(dir, target);
  return { restored: true };
}
