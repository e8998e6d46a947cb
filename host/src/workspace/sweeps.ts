import { promises as fsp } from 'node:fs';
import { HostError } from '../contract/api';
import type { OpParsedArgs, OpReturn } from '../contract/ops';
import { RunId } from '../contract/schemas';
import { writeFileAtomic } from '../fs/atomic-write';
import { listInside, readOptionalInside } from '../fs/contained';
import { resolveInside } from '../fs/resolve-inside';
import type { HostContext } from './context';
import { inWorkspace } from './context';

export const SWEEP_FILE = 'sweep.json';
export const CURVES_FILE = 'curves.json';

function checkJson(name: string, text: string): void {
  try {
    JSON.parse(text);
  } catch (error) {
    throw new HostError('invalid', `${name} is not JSON (${(error as Error).message})`);
  }
}

/** Writes a sweep's state (and curves) atomically, so a kill mid-write leaves the previous state to resume from. */
export async function saveSweep(
  ctx: HostContext,
  args: OpParsedArgs<'saveSweep'>,
): Promise<OpReturn<'saveSweep'>> {
  checkJson(SWEEP_FILE, args.state);
  if (args.curves !== undefined) checkJson(CURVES_FILE, args.curves);
  const dir = await inWorkspace(ctx, `sweeps/${RunId.parse(args.sweepId)}`);
  await fsp.mkdir(dir, { recursive: true });
  await writeFileAtomic(await resolveInside(dir, SWEEP_FILE), args.state, { backup: false });
  if (args.curves !== undefined)
    await writeFileAtomic(await resolveInside(dir, CURVES_FILE), args.curves, { backup: false });
  return { saved: true };
}

export async function listSweeps(ctx: HostContext): Promise<OpReturn<'listSweeps'>> {
  const entries = await listInside(ctx.root, 'sweeps');
  const found: { id: string; state: string; curves: string | null; mtime: number }[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory || !RunId.safeParse(entry.name).success) continue;
    const state = await readOptionalInside(entry.path, SWEEP_FILE);
    if (state === null) continue;
    const curves = await readOptionalInside(entry.path, CURVES_FILE);
    const { mtimeMs } = await fsp.stat(await resolveInside(entry.path, SWEEP_FILE));
    found.push({ id: entry.name, state, curves, mtime: mtimeMs });
  }
  found.sort((a, b) => b.mtime - a.mtime || (a.id < b.id ? 1 : -1));
  return { sweeps: found.map(({ id, state, curves }) => ({ id, state, curves })) };
}
