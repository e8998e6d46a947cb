import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HostError } from '../contract/api';
import type { OpParsedArgs, OpReturn } from '../contract/ops';
import { JsonObject, WeightSpec } from '../contract/schemas';
import { writeModelFiles } from '../fs/model-files';
import { capMessage } from '../contract/messages';
import { resolveInside } from '../fs/resolve-inside';
import { readInside } from '../fs/contained';
import type { HostContext } from './context';
import { inWorkspace } from './context';
import { safeFileName, uniqueName } from './layout';
import { runFolder } from './runs';

export const WEIGHTS_FILE = 'weights.bin';

/** model.json as tfjs writes it (layers format): the topology plus a manifest naming weight files. */
const ModelJson = z.looseObject({
  modelTopology: JsonObject,
  weightsManifest: z.array(z.object({ paths: z.array(z.string()), weights: z.array(WeightSpec) })),
  format: z.string().optional(),
  generatedBy: z.string().optional(),
  convertedBy: z.string().nullable().optional(),
  trainingConfig: JsonObject.optional(),
  userDefinedMetadata: JsonObject.optional(),
});

export async function saveModelArtifacts(
  ctx: HostContext,
  args: OpParsedArgs<'saveModelArtifacts'>,
): Promise<OpReturn<'saveModelArtifacts'>> {
  const dir = await resolveInside(await runFolder(ctx, args.runId), args.folder);
  await fsp.mkdir(dir, { recursive: true });
  const { modelTopology, weightSpecs, weightData, ...rest } = args.artifacts;
  const expected = weightSpecs.reduce((sum, spec) => sum + bytesOf(spec), 0);
  const sizeKnown = weightSpecs.every((s) => s.dtype !== 'string' && s.quantization === undefined);
  if (sizeKnown && expected !== weightData.byteLength) {
    throw new HostError(
      'invalid',
      `weights are ${weightData.byteLength} bytes but the specs describe ${expected}`,
    );
  }
  await writeModelFiles(
    dir,
    { modelTopology, weightSpecs, weightData, ...rest },
    { resolve: (name) => resolveInside(dir, name), backup: true },
  );
  return {
    files: [`${args.folder}/model.json`, `${args.folder}/${WEIGHTS_FILE}`],
    bytes: weightData.byteLength,
  };
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };
function bytesOf(spec: z.infer<typeof WeightSpec>): number {
  return spec.shape.reduce((a, b) => a * b, 1) * (DTYPE_BYTES[spec.dtype] ?? 0);
}

async function readModel(dir: string) {
  let raw: unknown;
  try {
    raw = JSON.parse((await readInside(dir, 'model.json')).toString('utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new HostError('not_found', 'this run has no saved model');
    if (error instanceof HostError) throw error;
    throw new HostError('invalid', `model.json is damaged (${capMessage((error as Error).message, 200)})`);
  }
  const parsed = ModelJson.safeParse(raw);
  if (!parsed.success) throw new HostError('invalid', 'model.json is not a tfjs layers model');
  return parsed.data;
}

export async function loadRunModel(
  ctx: HostContext,
  args: OpParsedArgs<'loadRunModel'>,
): Promise<OpReturn<'loadRunModel'>> {
  const dir = await resolveInside(await runFolder(ctx, args.runId), args.folder);
  const model = await readModel(dir);
  const parts: Uint8Array[] = [];
  for (const group of model.weightsManifest) {
    for (const file of group.paths) parts.push(await readInside(dir, file));
  }
  const weightData = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    weightData.set(part, offset);
    offset += part.byteLength;
  }
  return {
    modelTopology: model.modelTopology,
    weightSpecs: model.weightsManifest.flatMap((g) => g.weights),
    weightData,
    ...(model.format !== undefined && { format: model.format }),
    ...(model.generatedBy !== undefined && { generatedBy: model.generatedBy }),
    ...(model.convertedBy !== undefined && { convertedBy: model.convertedBy }),
    ...(model.trainingConfig !== undefined && { trainingConfig: model.trainingConfig }),
    ...(model.userDefinedMetadata !== undefined && { userDefinedMetadata: model.userDefinedMetadata }),
  };
}

/** Copies model.json and its weight files into a fresh folder under `parent`. */
async function copyModel(source: string, parent: string, folderName: string) {
  const model = await readModel(source);
  const name = await uniqueName(parent, safeFileName(folderName, 'model'));
  const target = path.join(parent, name);
  await fsp.mkdir(target);
  const files = ['model.json', ...model.weightsManifest.flatMap((g) => g.paths)];
  for (const file of files) {
    await fsp.copyFile(await resolveInside(source, file), await resolveInside(target, file));
  }
  return { location: target, files };
}

export async function exportWeights(
  ctx: HostContext,
  args: OpParsedArgs<'exportWeights'>,
): Promise<OpReturn<'exportWeights'>> {
  const source = await resolveInside(await runFolder(ctx, args.runId), args.folder);
  const folderName = args.name ?? `${args.runId}-model`;
  if (args.dialog) {
    if (!ctx.dialogs)
      throw new HostError('unsupported', 'no folder dialog in the browser: download the files instead');
    // A run without a usable model is reported before the person is asked for a folder.
    await readModel(source);
    const parent = await ctx.dialogs.chooseFolder('Export trained weights');
    if (!parent) return null;
    return copyModel(source, parent, folderName);
  }
  const exportsDir = await inWorkspace(ctx, 'exports');
  await fsp.mkdir(exportsDir, { recursive: true });
  return copyModel(source, exportsDir, folderName);
}
