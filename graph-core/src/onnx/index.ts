export { buildOnnxModel, exportOnnx, ONNX_IR_VERSION, ONNX_OPSET, type OnnxExportOptions } from './export';
export { decodeModel, encodeModel, OnnxError, type OnnxModel } from './proto';
export { importOnnx, type OnnxImportOptions, type OnnxImportResult } from './import';
