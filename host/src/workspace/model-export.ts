import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { CompileError } from '../../../graph-core/src/compile';
import { WeightsError, isUnsupportedExportError } from '../../../graph-core/src/weights';
import { HostError } from '../contract/api';
import { readInside } from '../fs/contained';
import type { OpParsedArgs, OpReturn } from '../contract/ops';
import { writeExport, isExportFormat, ExportTargetError } from '../export/export';
import {
  ExportGraphError,
  ExportSourceError,
  loadExportSource,
  loadProjectText,
  type ExportSource,
} from '../export/source';
import type { HostContext } from './context';
import { inWorkspace } from './context';
import { safeFileName, uniqueName } from './layout';
import { projectFolder } from './project-data';
import { readRun, runFolder } from './runs';

/**
 * The app's Export menu: the same loader and writers as `layerloom export`, into a new folder
 * under one the user picks, or under `exports/` (browser mode, then zipped for one download).
 */
export async function exportModel(
  ctx: HostContext,
  args: OpParsedArgs<'exportModel'>,
): Promise<OpReturn<'exportModel'>> {
  if (!isExportFormat(args.format))
    throw new HostError('unsupported', `this build of Layerloom cannot export ${args.format} yet`);
  if (args.dialog && !ctx.dialogs)
    throw new HostError('unsupported', 'no folder dialog in the browser: export to the workspace instead');
  // The source is read (and a graph with errors refused) before the person is asked for a folder.
  const source = await readSource(ctx, args.source);
  const parent = args.dialog
    ? await ctx.dialogs!.chooseFolder(`Export as ${FORMAT_LABELS[args.format]}`)
    : await inWorkspace(ctx, 'exports');
  if (!parent) return null;
  await fsp.mkdir(parent, { recursive: true });
  const base =
    args.name ??
    `${'runId' in args.source ? await runExportName(ctx, args.source.runId) : source.document.name}-${args.format}`;
  const target = path.join(parent, await uniqueName(parent, safeFileName(base, 'export')));
  try {
    const result = await writeExport(source, args.format, target);
    return {
      location: result.dir,
      files: result.files,
      format: args.format,
      ...(args.contents && { contents: await readBack(result.dir, result.files) }),
    };
  } catch (err) {
    throw asHostError(err);
  }
}

/**
 * A run's export is named after its project as it is called now (meta.json follows Save As and
 * renames), plus the run's time and suffix: the run id itself carries the name the project had
 * when it trained (`20260101-000000-untitled-abc123` → `Flowers-20260101-000000-abc123`).
 */
async function runExportName(ctx: HostContext, runId: string): Promise<string> {
  const { meta } = await readRun(ctx, { runId });
  const stamp = /^\d{8}-\d{6}/.exec(runId)?.[0];
  const suffix = /-([0-9a-f]{6})$/.exec(runId)?.[1];
  return stamp && suffix ? `${meta.projectName}-${stamp}-${suffix}` : runId;
}

export const FORMAT_LABELS = {
  pytorch: 'PyTorch project',
  onnx: 'ONNX model',
  tfjs: 'tfjs weights',
} as const;

async function readSource(
  ctx: HostContext,
  source: OpParsedArgs<'exportModel'>['source'],
): Promise<ExportSource> {
  const assetsDir = path.join(ctx.appRoot, 'assets');
  try {
    if ('runId' in source)
      return await loadExportSource(await runFolder(ctx, source.runId), { workspace: ctx.root, assetsDir });
    const folder = source.projectId ? await projectFolder(ctx, source.projectId).catch(() => null) : null;
    const projectFile =
      source.projectId?.startsWith('projects/') && folder
        ? await inWorkspace(ctx, source.projectId)
        : undefined;
    return await loadProjectText(source.project, 'the project', {
      workspace: ctx.root,
      assetsDir,
      projectDir: folder?.dir ?? (await inWorkspace(ctx, 'projects')),
      ...(projectFile && { projectFile }),
    });
  } catch (err) {
    throw asHostError(err);
  }
}

/** Every export failure as a HostError whose message a person can act on. */
function asHostError(err: unknown): unknown {
  if (err instanceof HostError) return err;
  if (isUnsupportedExportError(err))
    return new HostError(
      'unsupported',
      `Cannot export as ${FORMAT_LABELS[err.format as keyof typeof FORMAT_LABELS] ?? err.format}: ${err.reason} (node ${err.nodeId}${err.field ? `, ${err.field}` : ''}); ${err.fix}`,
    );
  if (err instanceof ExportGraphError) {
    const first = err.analysis.diagnostics.find((d) => d.severity === 'error');
    return new HostError(
      'invalid',
      `${err.message}${first ? `: ${first.nodeId ?? 'graph'}: ${first.message}` : ''}`,
    );
  }
  if (err instanceof CompileError) return new HostError('invalid', `Cannot export: ${err.message}`);
  if (err instanceof ExportSourceError || err instanceof WeightsError || err instanceof ExportTargetError)
    return new HostError('invalid', err.message);
  return err;
}

/** The written files, named `<folder>/<file>` as they go into the browser's zip. */
async function readBack(dir: string, files: readonly string[]) {
  const top = path.basename(dir);
  const out: { name: string; bytes: Uint8Array }[] = [];
  for (const file of files) {
    const bytes = new Uint8Array(await readInside(dir, file));
    out.push({ name: `${top}/${file.split(path.sep).join('/')}`, bytes });
  }
  return out;
}
