import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { GraphDocument } from '../../../graph-core/src/document';
import {
  decodeWeights,
  encodeSidecar,
  joinShards,
  parseSidecarManifest,
  sidecarFolderFor,
  SIDECAR_BIN,
  SIDECAR_MANIFEST,
  WeightsError,
  type NamedWeight,
} from '../../../graph-core/src/weights';
import { HostError } from '../contract/api';
import { writeFileAtomic } from '../fs/atomic-write';
import { resolveInside } from '../fs/resolve-inside';

/** Larger sidecars are refused before they are read (a project's weights, not a dataset). */
export const MAX_SIDECAR_BYTES = 1024 * 1024 * 1024;

async function readInside(root: string, rel: string, what: string): Promise<Buffer> {
  const file = await resolveInside(root, rel);
  try {
    const stat = await fsp.stat(file);
    if (stat.size > MAX_SIDECAR_BYTES)
      throw new HostError(
        'too_large',
        `${what} ${rel} is ${stat.size} bytes; the limit is ${MAX_SIDECAR_BYTES}`,
      );
    return await fsp.readFile(file);
  } catch (error) {
    if (error instanceof HostError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new HostError(
      code === 'ENOENT' ? 'not_found' : 'io',
      `cannot read ${what} ${rel}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

/**
 * The weights a version 2 project carries, read from its sidecar. Every path (the manifest the file
 * names, the shards the manifest names) is resolved inside the project file's folder; a path that
 * leaves it, a missing file or bytes that do not match the manifest is one HostError naming the file.
 */
export async function readSidecarWeights(projectFile: string, doc: GraphDocument): Promise<NamedWeight[]> {
  if (!doc.weights) return [];
  return readSidecarIn(path.dirname(path.resolve(projectFile)), doc.weights.manifest);
}

/** The sidecar whose manifest is `manifestRel`, every path resolved inside the folder `root`. */
export async function readSidecarIn(root: string, manifestRel: string): Promise<NamedWeight[]> {
  try {
    const text = (await readInside(root, manifestRel, 'weights manifest')).toString('utf8');
    const { paths, specs } = parseSidecarManifest(text, manifestRel);
    const folder = path.posix.dirname(manifestRel.replace(/\\/g, '/'));
    const shards = await Promise.all(
      paths.map((p) => readInside(root, folder === '.' ? p : `${folder}/${p}`, 'weights file')),
    );
    return decodeWeights(specs, joinShards(shards));
  } catch (error) {
    if (error instanceof WeightsError) throw new HostError('invalid', `${manifestRel}: ${error.message}`);
    throw error;
  }
}

/**
 * Writes a project and its weights: the sidecar `<name>.weights/` first (shard, then manifest), the
 * project file last, each atomically, so the file never names weights that are not there yet. Returns
 * the document as written (its `weights.manifest` pointing at the sidecar).
 */
export async function writeProjectWithSidecar(
  projectFile: string,
  doc: GraphDocument,
  weights: readonly NamedWeight[],
  serialize: (doc: GraphDocument) => string,
): Promise<GraphDocument> {
  const folderName = sidecarFolderFor(projectFile);
  const folder = path.join(path.dirname(path.resolve(projectFile)), folderName);
  const nodes = doc.weights?.nodes ?? [...new Set(weights.map((w) => w.name.split('/')[0]!))];
  const written: GraphDocument = {
    ...doc,
    weights: { manifest: `${folderName}/${SIDECAR_MANIFEST}`, nodes },
  };
  const { manifest, bin } = encodeSidecar(weights);
  await fsp.mkdir(folder, { recursive: true });
  await writeFileAtomic(path.join(folder, SIDECAR_BIN), bin, { backup: false });
  await writeFileAtomic(path.join(folder, SIDECAR_MANIFEST), manifest, { backup: false });
  await writeFileAtomic(projectFile, serialize(written), { backup: false });
  return written;
}
