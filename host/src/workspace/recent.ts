import path from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../fs/atomic-write';
import type { HostContext } from './context';
import { existsInside, readOptionalJsonInside } from '../fs/contained';
import { describeIoError } from '../contract/messages';
import { resolveInside } from '../fs/resolve-inside';
import { exists, RECENT_FILE } from './layout';

const MAX_RECENT = 15;

/** recent.json keeps workspace files by relative path and dialog-chosen files by absolute path. */
const StoredEntry = z.object({
  kind: z.enum(['workspace', 'external']),
  path: z.string(),
  name: z.string(),
  openedAt: z.string(),
});
type StoredEntry = z.infer<typeof StoredEntry>;

async function load(ctx: HostContext): Promise<StoredEntry[]> {
  try {
    const parsed = z.array(z.unknown()).parse(await readOptionalJsonInside(ctx.root, RECENT_FILE));
    return parsed.flatMap((entry) => {
      const ok = StoredEntry.safeParse(entry);
      return ok.success ? [ok.data] : [];
    });
  } catch {
    return []; // a missing or damaged list is an empty one, never a failure to start
  }
}

/**
 * Puts a file on top of the recent list. Best effort: a read-only or full disk, or a recent.json
 * that is a link out of the workspace, must not make opening or saving a project fail (the
 * project itself was read or landed), so a failure here is reported to the log only.
 */
export async function rememberRecent(
  ctx: HostContext,
  entry: Omit<StoredEntry, 'openedAt'>,
): Promise<boolean> {
  try {
    const entries = (await load(ctx)).filter((e) => !(e.kind === entry.kind && e.path === entry.path));
    entries.unshift({ ...entry, openedAt: ctx.now().toISOString() });
    const file = await resolveInside(ctx.root, RECENT_FILE);
    await writeJsonAtomic(file, entries.slice(0, MAX_RECENT), { backup: false });
    return true;
  } catch (error) {
    console.warn(`Layerloom: the recent-files list was not updated (${describeIoError(error)})`);
    return false;
  }
}

export async function listRecent(ctx: HostContext) {
  const entries = await load(ctx);
  return Promise.all(
    entries.map(async (entry) => {
      const absolute = entry.kind === 'workspace' ? path.join(ctx.root, entry.path) : entry.path;
      return {
        id: entry.kind === 'workspace' ? entry.path : ctx.external.grant(entry.path),
        name: entry.name,
        location: absolute,
        openedAt: entry.openedAt,
        exists:
          entry.kind === 'workspace' ? await existsInside(ctx.root, entry.path) : await exists(absolute),
      };
    }),
  );
}
