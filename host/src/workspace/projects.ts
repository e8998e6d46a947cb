import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { parseProject } from '../../../graph-core/src/document';
import { serializeProject } from '../../../graph-core/src/document';
import { HostError } from '../contract/api';
import type { OpParsedArgs, OpReturn } from '../contract/ops';
import { MAX_PROJECT_CHARS } from '../contract/schemas';
import { excerpt } from '../contract/messages';
import { createFileAtomic, writeFileAtomic } from '../fs/atomic-write';
import { listInside } from '../fs/contained';
import { resolveInside } from '../fs/resolve-inside';
import { discardRecoveryFile } from './autosave';
import type { HostContext } from './context';
import { PROJECT_EXT, safeFileName } from './layout';
import { listRecent, rememberRecent } from './recent';

/** Where a project id points, and how to remember it in the recent list. */
interface Located {
  id: string;
  absolute: string;
  recent: { kind: 'workspace' | 'external'; path: string };
}

async function locate(ctx: HostContext, id: string): Promise<Located> {
  if (id.startsWith('sample:')) {
    throw new HostError('invalid', 'sample projects are read-only: use Save As to keep your changes');
  }
  const external = ctx.external.lookup(id);
  if (external) return { id, absolute: external, recent: { kind: 'external', path: external } };
  if (id.startsWith('external:')) {
    throw new HostError('not_found', 'that file was chosen in an earlier session: open it again');
  }
  if (!id.startsWith('projects/') || !id.endsWith(PROJECT_EXT)) throw notAProject(id);
  const absolute = await resolveInside(ctx.root, id);
  // Exactly what listProjects shows: one visible file directly in projects/, nothing nested or hidden.
  const name = id.slice('projects/'.length);
  if (/[\\/]/.test(name) || name.startsWith('.')) throw notAProject(id);
  return { id, absolute, recent: { kind: 'workspace', path: id } };
}

const notAProject = (id: string) =>
  new HostError(
    'invalid',
    `${excerpt(id)} is not a project in the workspace (projects/*${PROJECT_EXT}, not hidden, not in a sub-folder)`,
  );

/** A workspace-relative id when the path lies in projects/, else an external grant. */
function idForPath(ctx: HostContext, absolute: string): Located {
  const rel = path.relative(path.join(ctx.root, 'projects'), absolute);
  if (!rel.startsWith('..') && !path.isAbsolute(rel) && !rel.includes(path.sep)) {
    const id = `projects/${rel}`;
    return { id, absolute, recent: { kind: 'workspace', path: id } };
  }
  return { id: ctx.external.grant(absolute), absolute, recent: { kind: 'external', path: absolute } };
}

/** The `name` inside a project file, else its file name; never throws on a bad file. */
export function projectName(content: string, fallback: string): string {
  try {
    const doc = JSON.parse(content) as { name?: unknown };
    if (typeof doc.name === 'string' && doc.name.trim()) return doc.name;
  } catch {
    // the renderer reports parse errors with line numbers; here a name is all we want
  }
  return fallback;
}

/** Refuses to write anything that is not a Layerloom project (a renderer bug must not clobber files). */
function checkProjectContent(content: string): string {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch (error) {
    throw new HostError('invalid', `project content is not JSON (${(error as Error).message})`);
  }
  if (typeof doc !== 'object' || doc === null || (doc as { format?: unknown }).format !== 'layerloom') {
    throw new HostError('invalid', 'project content is not a Layerloom project (format must be "layerloom")');
  }
  return projectName(content, 'Untitled');
}

async function readProjectFile(file: string): Promise<string> {
  try {
    const stat = await fsp.stat(file);
    if (!stat.isFile()) throw new HostError('invalid', `${path.basename(file)} is not a file`);
    if (stat.size > MAX_PROJECT_CHARS)
      throw new HostError('too_large', `${path.basename(file)} is larger than 32 MiB`);
    return await fsp.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new HostError('not_found', `${path.basename(file)} no longer exists`);
    }
    throw error;
  }
}

export async function listProjects(ctx: HostContext): Promise<OpReturn<'listProjects'>> {
  const entries = (await listInside(ctx.root, 'projects')).filter(
    (e) => e.isFile && e.name.endsWith(PROJECT_EXT) && !e.name.startsWith('.'),
  );
  const projects = await Promise.all(
    entries.map(async ({ name: file, path: absolute }) => {
      const stat = await fsp.stat(absolute);
      const content = await fsp.readFile(absolute, 'utf8').catch(() => '');
      return {
        id: `projects/${file}`,
        name: projectName(content, file.slice(0, -PROJECT_EXT.length)),
        location: absolute,
        modifiedAt: stat.mtime.toISOString(),
        size: stat.size,
      };
    }),
  );
  return { projects: projects.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt)) };
}

export async function openProject(
  ctx: HostContext,
  args: OpParsedArgs<'openProject'>,
): Promise<OpReturn<'openProject'>> {
  let located: Located;
  if ('dialog' in args) {
    if (!ctx.dialogs)
      throw new HostError('unsupported', 'no file dialog in the browser: upload the file instead');
    const chosen = await ctx.dialogs.openProject();
    if (!chosen) return null;
    located = idForPath(ctx, path.resolve(chosen));
  } else {
    located = await locate(ctx, args.id);
  }
  const content = await readProjectFile(located.absolute);
  const name = projectName(content, path.basename(located.absolute, PROJECT_EXT));
  await rememberRecent(ctx, { ...located.recent, name });
  return { id: located.id, name, location: located.absolute, content };
}

async function writeProject(
  ctx: HostContext,
  located: Located,
  content: string,
  recoveryKey: string | undefined,
  mode: 'replace' | 'create' = 'replace',
) {
  const name = checkProjectContent(content);
  await fsp.mkdir(path.dirname(located.absolute), { recursive: true });
  if (mode === 'create') {
    try {
      await createFileAtomic(located.absolute, content);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST')
        throw takenError(path.basename(located.absolute));
      throw error;
    }
  } else await writeFileAtomic(located.absolute, content);
  // The file has landed: what follows is housekeeping and never turns the save into a failure.
  await rememberRecent(ctx, { ...located.recent, name });
  if (recoveryKey) await discardRecoveryFile(ctx, recoveryKey).catch(() => false);
  return { id: located.id, name, location: located.absolute, savedAt: ctx.now().toISOString() };
}

export async function saveProject(
  ctx: HostContext,
  args: OpParsedArgs<'saveProject'>,
): Promise<OpReturn<'saveProject'>> {
  return writeProject(ctx, await locate(ctx, args.id), args.content, args.recoveryKey);
}

/** The project text with another name; text that does not parse is left for checkProjectContent to refuse. */
function renamed(content: string, name: string): string {
  const parsed = parseProject(content);
  return parsed.ok ? serializeProject({ ...parsed.doc, name }) : content;
}

export async function saveProjectAs(
  ctx: HostContext,
  args: OpParsedArgs<'saveProjectAs'>,
): Promise<OpReturn<'saveProjectAs'>> {
  const fileName = `${safeFileName(args.name)}${PROJECT_EXT}`;
  if (args.dialog) {
    if (!ctx.dialogs)
      throw new HostError('unsupported', 'no file dialog in the browser: save into the workspace');
    const chosen = await ctx.dialogs.saveProject(fileName);
    if (!chosen) return null;
    const absolute = chosen.endsWith(PROJECT_EXT) ? chosen : `${chosen}${PROJECT_EXT}`;
    // A file name typed into the dialog names the project, as the browser's name prompt does; a
    // kept suggestion keeps the project's own name (the file name is only its safe spelling).
    const typed = path.basename(absolute, PROJECT_EXT);
    const content = typed === safeFileName(args.name) ? args.content : renamed(args.content, typed);
    return writeProject(ctx, idForPath(ctx, path.resolve(absolute)), content, args.recoveryKey);
  }
  const located = await locate(ctx, `projects/${fileName}`);
  // Without overwrite the check and the write are one step (createFileAtomic): of two clients
  // saving the same new name at once, exactly one gets the file and the other `exists`.
  return writeProject(ctx, located, args.content, args.recoveryKey, args.overwrite ? 'replace' : 'create');
}

const takenError = (fileName: string) =>
  new HostError('exists', `a project named "${fileName}" already exists in the workspace`);

export async function recentFiles(ctx: HostContext): Promise<OpReturn<'recentFiles'>> {
  return { entries: await listRecent(ctx) };
}
