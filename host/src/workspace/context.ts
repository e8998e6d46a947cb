import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { z } from 'zod';
import type { FileFilter } from '../contract/schemas';
import { resolveInside } from '../fs/resolve-inside';

/** Native dialogs, given by the Electron shell; absent in browser mode. Paths are absolute. */
export interface Dialogs {
  openProject(): Promise<string | null>;
  saveProject(suggestedName: string): Promise<string | null>;
  saveFile(suggestedName: string, filters?: z.infer<typeof FileFilter>[]): Promise<string | null>;
  chooseFolder(title: string): Promise<string | null>;
  pickFiles(filters: z.infer<typeof FileFilter>[] | undefined, multiple: boolean): Promise<string[] | null>;
}

/**
 * Files outside the workspace that the user chose in a dialog (or opened with the app). The
 * renderer only ever sees the opaque `external:<token>` id, never a path it could write to.
 */
export class ExternalFiles {
  private readonly byToken = new Map<string, string>();

  grant(absolutePath: string): string {
    const resolved = path.resolve(absolutePath);
    for (const [token, known] of this.byToken) if (known === resolved) return `external:${token}`;
    const token = randomBytes(12).toString('hex');
    this.byToken.set(token, resolved);
    return `external:${token}`;
  }

  /** The path behind an `external:` id, or null when this session never granted it. */
  lookup(id: string): string | null {
    if (!id.startsWith('external:')) return null;
    return this.byToken.get(id.slice('external:'.length)) ?? null;
  }
}

export interface HostContext {
  /** The workspace folder (real path). */
  root: string;
  /** The app's folder, holding `assets/samples` and `assets/datasets`. */
  appRoot: string;
  kind: 'electron' | 'server';
  version: string;
  dialogs: Dialogs | null;
  external: ExternalFiles;
  /** A file given on the command line or by the OS file association. */
  startupFile: string | null;
  now: () => Date;
}

export const samplesDir = (ctx: HostContext) => path.join(ctx.appRoot, 'assets', 'samples');
export const datasetAssetsDir = (ctx: HostContext) => path.join(ctx.appRoot, 'assets', 'datasets');

/** The real path of `rel` (forward slashes) in the workspace, after the one containment check. */
export const inWorkspace = (ctx: HostContext, rel: string): Promise<string> => resolveInside(ctx.root, rel);
