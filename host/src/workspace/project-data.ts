import type { Dirent } from 'node:fs';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { DEFAULT_IMAGE_PLAN_LIMITS, IMAGE_EXTENSIONS } from '../../../graph-core/src/data';
import { HostError } from '../contract/api';
import type { OpParsedArgs, OpReturn } from '../contract/ops';
import { resolveInside } from '../fs/resolve-inside';
import type { HostContext } from './context';
import { samplesDir } from './context';
import { PROJECT_EXT } from './layout';
import { readSidecarIn } from './weights-sidecar';

const MiB = 1024 * 1024;

/**
 * Caps on what one Dataset path may pull into the renderer: a CSV as large as graph-core's reader
 * takes, and an image folder that still fits a browser tab once base64-encoded for HTTP.
 */
export const PROJECT_DATA_LIMITS = {
  fileBytes: 64 * MiB,
  folderBytes: 256 * MiB,
  files: DEFAULT_IMAGE_PLAN_LIMITS.maxImages,
  depth: 8,
};

const SAMPLE_ID = /^sample:([A-Za-z0-9][A-Za-z0-9._-]{0,100})$/;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

/** The folder a project's relative data paths start from, and how to name it to the user. */
export async function projectFolder(
  ctx: HostContext,
  projectId: string,
): Promise<{ dir: string; name: string }> {
  const sample = SAMPLE_ID.exec(projectId);
  if (sample) {
    const file = await resolveInside(samplesDir(ctx), `${sample[1]}${PROJECT_EXT}`);
    if (!(await fsp.stat(file).catch(() => null))?.isFile())
      throw new HostError('not_found', `no sample project "${sample[1]}"`);
    return { dir: path.dirname(file), name: "the sample's folder" };
  }
  if (projectId.startsWith('external:'))
    throw new HostError(
      'forbidden',
      'this project is outside the workspace, and Layerloom reads data files only beside projects in ' +
        "the workspace's projects/ folder: move the project and its data there, or import the data in the Data panel",
    );
  if (!projectId.startsWith('projects/') || !projectId.endsWith(PROJECT_EXT))
    throw new HostError(
      'invalid',
      `"${projectId}" is not a project in the workspace (projects/*${PROJECT_EXT})`,
    );
  const file = await resolveInside(ctx.root, projectId);
  const dir = path.dirname(file);
  return { dir, name: `${path.relative(ctx.root, dir).split(path.sep).join('/')}/` };
}

/** Resolves `rel` inside the project's folder; a refusal says what the data path may be. */
async function resolveData(dir: string, rel: string): Promise<string> {
  try {
    return await resolveInside(dir, rel);
  } catch (error) {
    if (error instanceof HostError && error.code === 'forbidden')
      throw new HostError(
        'forbidden',
        `${error.message}: a data path is relative to the project file's folder and stays inside it`,
      );
    throw error;
  }
}

async function statOrMissing(file: string, rel: string, folderName: string) {
  try {
    return await fsp.stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new HostError('not_found', `"${rel}" does not exist in ${folderName}`);
    throw error;
  }
}

const isImage = (name: string) =>
  (IMAGE_EXTENSIONS as readonly string[]).includes(path.extname(name).slice(1).toLowerCase());

type FolderResult = Extract<OpReturn<'readProjectData'>, { kind: 'folder' }>;

/**
 * Every plain file under `root`, sorted, hidden ones left out. Links are not followed (one could
 * lead out of the project) and are reported instead. Bytes are read only for files an image
 * import would decode; the rest carry their size so the import can report them as skipped.
 */
async function readFolder(root: string, rel: string, withBytes: boolean): Promise<FolderResult> {
  const files: FolderResult['files'] = [];
  const skipped: FolderResult['skipped'] = [];
  let total = 0;
  const walk = async (dir: string, prefix: string, depth: number): Promise<void> => {
    const entries: Dirent[] = await fsp.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const relPath = prefix ? `${prefix}/${entry.name}` : entry.name;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < PROJECT_DATA_LIMITS.depth) await walk(full, relPath, depth + 1);
        else skipped.push({ path: relPath, reason: `deeper than ${PROJECT_DATA_LIMITS.depth} folders` });
        continue;
      }
      if (!entry.isFile()) {
        const what = entry.isSymbolicLink() ? 'a link (links are not followed)' : 'not a plain file';
        skipped.push({ path: relPath, reason: what });
        continue;
      }
      if (files.length >= PROJECT_DATA_LIMITS.files)
        throw new HostError('too_large', `"${rel}" holds more than ${PROJECT_DATA_LIMITS.files} files`);
      const { size } = await fsp.stat(full);
      const read = withBytes && isImage(entry.name) && size <= DEFAULT_IMAGE_PLAN_LIMITS.maxFileBytes;
      if (read) {
        total += size;
        if (total > PROJECT_DATA_LIMITS.folderBytes)
          throw new HostError(
            'too_large',
            `the images in "${rel}" are larger than ${mib(PROJECT_DATA_LIMITS.folderBytes)}: ` +
              'use a smaller folder (or fewer, smaller images)',
          );
      }
      files.push(read ? { path: relPath, size, bytes: await fsp.readFile(full) } : { path: relPath, size });
    }
  };
  await walk(root, '', 0);
  return { kind: 'folder', files, skipped };
}

/** Reads a file or image folder named by a Dataset node, relative to its project's folder. */
export async function readProjectData(
  ctx: HostContext,
  args: OpParsedArgs<'readProjectData'>,
): Promise<OpReturn<'readProjectData'>> {
  const folder = await projectFolder(ctx, args.projectId);
  const target = await resolveData(folder.dir, args.path);
  const stat = await statOrMissing(target, args.path, folder.name);
  if (args.kind === 'folder') {
    if (!stat.isDirectory())
      throw new HostError('invalid', `"${args.path}" is a file, not a folder of images`);
    return readFolder(target, args.path, args.bytes);
  }
  if (!stat.isFile()) throw new HostError('invalid', `"${args.path}" is a folder, not a file`);
  if (stat.size > PROJECT_DATA_LIMITS.fileBytes)
    throw new HostError(
      'too_large',
      `"${args.path}" is ${mib(stat.size)}; data files are read up to ${mib(PROJECT_DATA_LIMITS.fileBytes)}`,
    );
  return { kind: 'file', size: stat.size, bytes: await fsp.readFile(target) };
}

/**
 * The weights a version 2 project carries, from the sidecar its `weights.manifest` names, read
 * inside the project file's folder (a workspace project, a sample, or a file the user opened).
 */
export async function readProjectWeights(
  ctx: HostContext,
  args: OpParsedArgs<'readProjectWeights'>,
): Promise<OpReturn<'readProjectWeights'>> {
  const external = ctx.external.lookup(args.projectId);
  const dir = external ? path.dirname(external) : (await projectFolder(ctx, args.projectId)).dir;
  const weights = await readSidecarIn(dir, args.manifest);
  return {
    weights: weights.map((w) => ({
      name: w.name,
      shape: [...w.shape],
      data: new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength),
    })),
  };
}
