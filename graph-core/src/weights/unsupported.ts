/**
 * What every exporter (PyTorch, ONNX, tfjs) throws when the graph uses something its format cannot
 * express: the node and field at fault and what to change. `layerloom export` prints it and exits 1;
 * the app shows it on the node. Any other exception from an exporter is a bug, not the user's graph.
 */
export class UnsupportedExportError extends Error {
  override readonly name = 'UnsupportedExportError';

  constructor(
    /** The format being written: 'pytorch', 'onnx' or 'tfjs'. */
    readonly format: string,
    /** The Layerloom node that cannot be expressed. */
    readonly nodeId: string,
    /** The param at fault (e.g. 'activation'), or null when it is the node kind itself. */
    readonly field: string | null,
    /** What the format cannot express, e.g. `Dense "d1": activation "selu" has no ONNX operator`. */
    readonly reason: string,
    /** What the user can change, e.g. `use "relu" or "elu", or export as tfjs`. */
    readonly fix: string,
  ) {
    super(`${reason}; ${fix}`);
  }
}

export function isUnsupportedExportError(err: unknown): err is UnsupportedExportError {
  return err instanceof UnsupportedExportError;
}
