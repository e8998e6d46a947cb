import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { OpParsedArgs, OpReturn } from '../contract/ops';
import { Recovery } from '../contract/schemas';
import { isTempFile, writeJsonAtomic } from '../fs/atomic-write';
import { listInside, readOptionalJsonInside } from '../fs/contained';
import type { HostContext } from './context';
import { inWorkspace } from './context';

/** `autosave/<key>.json` holds the latest unsaved state of one open document. */
const fileOf = (ctx: HostContext, key: string) => inWorkspace(ctx, `autosave/${key}.json`);

export async function autosave(
  ctx: HostContext,
  args: OpParsedArgs<'autosave'>,
): Promise<OpReturn<'autosave'>> {
  const savedAt = ctx.now().toISOString();
  const record: Recovery = {
    key: args.key,
    name: args.name,
    projectId: args.projectId,
    savedAt,
    content: args.content,
  };
  // No .bak: the autosave is itself the safety copy, and it is rewritten every few seconds.
  await writeJsonAtomic(await fileOf(ctx, args.key), record, { backup: false });
  return { savedAt };
}

export async function listRecoveries(ctx: HostContext): Promise<OpReturn<'listRecoveries'>> {
  const entries = await listInside(ctx.root, 'autosave');
  const recoveries: Recovery[] = [];
  for (const { name, isFile } of entries) {
    if (!isFile || !name.endsWith('.json') || isTempFile(name)) continue;
    const parsed = Recovery.safeParse(await readOptionalJsonInside(await inWorkspace(ctx, 'autosave'), name));
    if (parsed.success && `${parsed.data.key}.json` === name) recoveries.push(parsed.data);
  }
  return { recoveries: recoveries.sort((a, b) => b.savedAt.localeCompare(a.savedAt)) };
}

export async function discardRecoveryFile(ctx: HostContext, key: string): Promise<boolean> {
  try {
    // The entry itself goes (a link is removed, never what it points to), in the contained folder.
    await fsp.unlink(path.join(await inWorkspace(ctx, 'autosave'), `${key}.json`));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

export async function discardRecovery(
  ctx: HostContext,
  args: OpParsedArgs<'discardRecovery'>,
): Promise<OpReturn<'discardRecovery'>> {
  return { discarded: await discardRecoveryFile(ctx, args.key) };
}
