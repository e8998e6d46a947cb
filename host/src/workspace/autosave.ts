import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { OpParsedArgs, OpReturn } from '../contract/ops';
import { Recovery } from '../contract/schemas';
import { isTempFile, writeJsonAtomic } from '../fs/atomic-write';
import type { HostContext } from './context';
import { readJsonFile } from './layout';

/** `autosave/<key>.json` holds the latest unsaved state of one open document. */
const fileOf = (ctx: HostContext, key: string) => path.join(ctx.root, 'autosave', `${key}.json`);

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
  await writeJsonAtomic(fileOf(ctx, args.key), record, { backup: false });
  return { savedAt };
}

export async function listRecoveries(ctx: HostContext): Promise<OpReturn<'listRecoveries'>> {
  const dir = path.join(ctx.root, 'autosave');
  const names = (await fsp.readdir(dir)).filter((n) => n.endsWith('.json') && !isTempFile(n));
  const recoveries: Recovery[] = [];
  for (const name of names) {
    const parsed = Recovery.safeParse(await readJsonFile(path.join(dir, name)).catch(() => null));
    if (parsed.success && `${parsed.data.key}.json` === name) recoveries.push(parsed.data);
  }
  return { recoveries: recoveries.sort((a, b) => b.savedAt.localeCompare(a.savedAt)) };
}

export async function discardRecoveryFile(ctx: HostContext, key: string): Promise<boolean> {
  try {
    await fsp.unlink(fileOf(ctx, key));
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
