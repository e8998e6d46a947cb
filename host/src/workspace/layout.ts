import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The folders of a workspace; everything Layerloom writes lives under one of them. */
export const WORKSPACE_DIRS = ['projects', 'runs', 'exports', 'autosave', 'datasets', 'trash'] as const;
export const RECENT_FILE = 'recent.json';
export const PROJECT_EXT = '.layerloom';

/**
 * Where the workspace is: `--workspace DIR` (or `--workspace=DIR`) wins, then the
 * `LAYERLOOM_WORKSPACE` variable, then `~/Layerloom`.
 */
export function resolveWorkspaceDir(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  home: string = os.homedir(),
): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--workspace' && argv[i + 1]) return path.resolve(argv[i + 1]!);
    if (arg.startsWith('--workspace=')) return path.resolve(arg.slice('--workspace='.length));
  }
  if (env.LAYERLOOM_WORKSPACE) return path.resolve(env.LAYERLOOM_WORKSPACE);
  return path.join(home, 'Layerloom');
}

/**
 * Creates the workspace and its folders where missing. An existing workspace on a read-only disk
 * (or one Layerloom may not write to) still opens: reading projects and runs needs no writes, and
 * each save reports its own error.
 */
export async function ensureWorkspace(root: string): Promise<string> {
  await fsp.mkdir(root, { recursive: true });
  for (const dir of [...WORKSPACE_DIRS, 'trash/runs']) {
    await fsp.mkdir(path.join(root, dir), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EROFS' && error.code !== 'EACCES' && error.code !== 'EPERM') throw error;
    });
  }
  return fsp.realpath(root);
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/** A name typed by a person, made safe as one file name on every OS (keeps spaces and case). */
export function safeFileName(name: string, fallback = 'untitled'): string {
  let out = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '-').trim();
  out = out
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 100)
    .trim();
  if (!out) out = fallback;
  return WINDOWS_RESERVED.test(out) ? `_${out}` : out;
}

export { slug } from '../../../graph-core/src/runs';

/** `name.ext`, `name (2).ext`, … : the first that does not exist in `dir`. */
export async function uniqueName(dir: string, name: string): Promise<string> {
  const ext = path.extname(name);
  const base = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${base} (${n})${ext}`;
    try {
      await fsp.lstat(path.join(dir, candidate));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return candidate;
      throw error;
    }
  }
}

export async function exists(file: string): Promise<boolean> {
  try {
    await fsp.lstat(file);
    return true;
  } catch {
    return false;
  }
}

export async function readJsonFile(file: string): Promise<unknown> {
  return JSON.parse(await fsp.readFile(file, 'utf8')) as unknown;
}
