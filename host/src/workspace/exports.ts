import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { HostError } from '../contract/api';
import type { OpParsedArgs, OpReturn } from '../contract/ops';
import { writeFileAtomic } from '../fs/atomic-write';
import type { HostContext } from './context';
import { inWorkspace } from './context';
import { safeFileName, uniqueName } from './layout';

/** A page, a CSV, a PNG … made by the renderer: to a file the user picks, or to `exports/`. */
export async function exportFile(
  ctx: HostContext,
  args: OpParsedArgs<'exportFile'>,
): Promise<OpReturn<'exportFile'>> {
  let target: string;
  if (args.dialog) {
    if (!ctx.dialogs)
      throw new HostError('unsupported', 'no save dialog in the browser: download the file instead');
    const chosen = await ctx.dialogs.saveFile(args.suggestedName, args.filters);
    if (!chosen) return null;
    target = path.resolve(chosen);
  } else {
    const dir = await inWorkspace(ctx, 'exports');
    await fsp.mkdir(dir, { recursive: true });
    target = path.join(dir, await uniqueName(dir, safeFileName(args.suggestedName, 'export')));
  }
  await writeFileAtomic(target, args.content);
  return { location: target, files: [path.basename(target)] };
}
