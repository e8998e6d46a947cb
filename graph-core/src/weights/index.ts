export type { NamedWeight, WeightSpecLike } from './named';
export { decodeWeights, encodeWeights, weightsByNode, WeightsError } from './named';
export { isUnsupportedExportError, UnsupportedExportError } from './unsupported';
