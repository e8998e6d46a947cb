/**
 * A model file that cannot be imported as a whole (not JSON, not a model, too large, cyclic, weights
 * that do not match). The message is one line for the user; a layer that merely has no Layerloom
 * node is not an ImportError but an `Unsupported` placeholder node.
 */
export class ImportError extends Error {
  override readonly name = 'ImportError';
}

/** Limits that keep an import from hanging or exhausting memory; each is said in its message. */
export const IMPORT_LIMITS = {
  /** model.json text. */
  modelBytes: 64 * 1024 * 1024,
  /** An .onnx file (graph and weights in one; the ONNX importer checks its own op count). */
  onnxBytes: 512 * 1024 * 1024,
  /** All weight shards together. */
  weightBytes: 1024 * 1024 * 1024,
  /** Layers (nodes) in the imported graph; beyond this a canvas is not editable. */
  nodes: 2000,
} as const;

export { formatCount } from '../document/format';
