import { z } from 'zod';
import { WeightsError, type WeightSpecLike } from './named';

/**
 * The weights manifest tfjs writes (`model.json` → `weightsManifest`): groups of shard paths and the
 * weights stored in them, in order. Layerloom's weights sidecar uses the same structure, so one reader
 * serves both. Paths are relative to the manifest's folder and may not leave it.
 */
const specSchema = z.object({
  name: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.string(),
  quantization: z.unknown().optional(),
});

const groupSchema = z.object({ paths: z.array(z.string()), weights: z.array(specSchema) });

export const weightsManifestSchema = z.array(groupSchema);

export interface ManifestContents {
  /** Shard paths in the order their bytes are concatenated, normalised (`./a.bin` → `a.bin`). */
  paths: string[];
  specs: WeightSpecLike[];
}

/**
 * Refuses a shard path that could name a file outside the manifest's folder: absolute paths, drive
 * letters, `..` segments, NUL bytes, URLs. Returns the path without `./` segments.
 */
export function checkShardPath(path: string): string {
  const refuse = (why: string) => new WeightsError(`weight file path "${path}" refused: ${why}`);
  if (path.length === 0) throw refuse('empty');
  if (path.includes('\0')) throw refuse('contains a NUL byte');
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/') || path.startsWith('\\'))
    throw refuse("it must be relative to the model's folder");
  const segments = path.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw refuse("it leaves the model's folder");
  if (segments.length === 0) throw refuse('empty');
  return segments.join('/');
}

/** Reads `weightsManifest` groups; `where` names the file in messages. */
export function readWeightsManifest(manifest: unknown, where: string): ManifestContents {
  const parsed = weightsManifestSchema.safeParse(manifest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue
      ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')
      : '';
    throw new WeightsError(
      `${where}: weightsManifest${at} is not a tfjs weights manifest (${issue?.message ?? 'bad'})`,
    );
  }
  return {
    paths: parsed.data.flatMap((g) => g.paths.map(checkShardPath)),
    specs: parsed.data.flatMap((g) => g.weights),
  };
}

/** Concatenates shards in manifest order. */
export function joinShards(shards: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(shards.reduce((n, s) => n + s.byteLength, 0));
  let at = 0;
  for (const s of shards) {
    out.set(s, at);
    at += s.byteLength;
  }
  return out;
}
