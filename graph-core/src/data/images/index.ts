export { readImageHeader, sniffFormat, type ImageFormat, type ImageHeader } from './header';
export {
  planImageImport,
  relativeToPickedFolder,
  IMAGE_EXTENSIONS,
  DEFAULT_IMAGE_PLAN_LIMITS,
  type ImageFileEntry,
  type SkippedFile,
  type ImagePlan,
  type ImagePlanLimits,
} from './plan';
export {
  importImageFolder,
  toSample,
  summariseSkipped,
  DEFAULT_MAX_PIXELS,
  type DecodedImage,
  type ImageDecoder,
  type ImageFileSource,
  type ImageImportOptions,
  type ImageImportReport,
} from './import';
