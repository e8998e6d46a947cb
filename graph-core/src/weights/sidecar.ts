import { encodeWeights, WeightsError, type NamedWeight } from './named';
import { readWeightsManifest, type ManifestContents } from './manifest';

/**
 * The weights sidecar of a version 2 project (docs/FILE_FORMAT.md): a folder `<name>.weights/` next to
 * `<name>.layerloom`, holding `weights.json` (a tfjs-style weights manifest) and `weights.bin`.
 */
export const SIDECAR_MANIFEST = 'weights.json';
export const SIDECAR_BIN = 'weights.bin';
export const SIDECAR_FORMAT = 'layerloom-weights';

/** `mnist.layerloom` → `mnist.weights`; the folder the project's weights live in. */
export function sidecarFolderFor(projectFileName: string): string {
  const base = projectFileName.replace(/^.*[\\/]/, '');
  return `${base.replace(/\.layerloom$/i, '')}.weights`;
}

/** The `weights.manifest` value a project file written as `projectFileName` refers to its sidecar by. */
export function sidecarManifestPath(projectFileName: string): string {
  return `${sidecarFolderFor(projectFileName)}/${SIDECAR_MANIFEST}`;
}

/** The two files of a sidecar: the manifest text and the one shard it names. */
export function encodeSidecar(weights: readonly NamedWeight[]): { manifest: string; bin: Uint8Array } {
  const { specs, bytes } = encodeWeights(weights);
  const manifest = {
    format: SIDECAR_FORMAT,
    version: 1,
    weightsManifest: [{ paths: [SIDECAR_BIN], weights: specs }],
  };
  return { manifest: `${JSON.stringify(manifest, null, 1)}\n`, bin: bytes };
}

/** Reads a sidecar manifest's text; the shard paths come back checked and relative to its folder. */
export function parseSidecarManifest(text: string, where: string): ManifestContents {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WeightsError(`${where} is not valid JSON`);
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== SIDECAR_FORMAT)
    throw new WeightsError(`${where} is not a Layerloom weights manifest (no "format": "${SIDECAR_FORMAT}")`);
  return readWeightsManifest((json as { weightsManifest?: unknown }).weightsManifest, where);
}
