import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { HostError } from '../contract/api';
import type { OpParsedArgs, OpReturn } from '../contract/ops';
import type { HostContext } from './context';
import { samplesDir } from './context';
import { PROJECT_EXT } from './layout';
import { projectName } from './projects';

/** The sample a first-time user sees, when it ships. */
export const PREFERRED_SAMPLE = 'mnist-mlp';
const SAMPLE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/;

async function sampleIds(ctx: HostContext): Promise<string[]> {
  const names = await fsp.readdir(samplesDir(ctx)).catch(() => [] as string[]);
  const ids = names.filter((n) => n.endsWith(PROJECT_EXT)).map((n) => n.slice(0, -PROJECT_EXT.length));
  return ids
    .filter((id) => SAMPLE_ID.test(id))
    .sort((a, b) => Number(b === PREFERRED_SAMPLE) - Number(a === PREFERRED_SAMPLE) || a.localeCompare(b));
}

export async function defaultSampleId(ctx: HostContext): Promise<string | null> {
  return (await sampleIds(ctx))[0] ?? null;
}

export async function listSamples(ctx: HostContext): Promise<OpReturn<'listSamples'>> {
  const samples = [];
  for (const id of await sampleIds(ctx)) {
    const content = await fsp.readFile(path.join(samplesDir(ctx), `${id}${PROJECT_EXT}`), 'utf8');
    let description = '';
    try {
      const doc = JSON.parse(content) as { description?: unknown };
      if (typeof doc.description === 'string') description = doc.description;
    } catch {
      // a broken sample still lists; opening it shows the parse error
    }
    samples.push({ id, name: projectName(content, id), description });
  }
  return { samples };
}

export async function readSample(
  ctx: HostContext,
  args: OpParsedArgs<'readSample'>,
): Promise<OpReturn<'readSample'>> {
  if (!(await sampleIds(ctx)).includes(args.id))
    throw new HostError('not_found', `no sample project "${args.id}"`);
  const location = path.join(samplesDir(ctx), `${args.id}${PROJECT_EXT}`);
  const content = await fsp.readFile(location, 'utf8');
  return { id: `sample:${args.id}`, name: projectName(content, args.id), location, content };
}
