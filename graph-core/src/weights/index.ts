export type { NamedWeight, WeightSpecLike } from './named';
export { decodeWeights, encodeWeights, weightsByNode, WeightsError } from './named';
export { isUnsupportedExportError, UnsupportedExportError } from './unsupported';
export { checkShardPath, joinShards, readWeightsManifest, type ManifestContents } from './manifest';
export {
  encodeSidecar,
  parseSidecarManifest,
  sidecarFolderFor,
  sidecarManifestPath,
  SIDECAR_BIN,
  SIDECAR_FORMAT,
  SIDECAR_MANIFEST,
} from './sidecar';
