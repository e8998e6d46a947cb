export { formatCount, ImportError, IMPORT_LIMITS } from './errors';
export {
  assembleProject,
  checkAcyclic,
  IdMaker,
  lossId,
  withoutDefaults,
  type ImportedModel,
} from './assemble';
export { layoutTopToBottom } from './layout';
export { KERAS_LAYERS, mapKerasLayer, activationId, type Mapped } from './keras-layers';
export { readTfjsModelJson, type KerasLayer, type KerasTopology, type TfjsModelJson } from './tfjs-topology';
export { importTfjsLayers, type TfjsImportOptions } from './tfjs';
