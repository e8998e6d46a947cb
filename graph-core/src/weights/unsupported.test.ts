import { describe, expect, it } from 'vitest';
import { isUnsupportedExportError, UnsupportedExportError } from './index';

describe('UnsupportedExportError', () => {
  it('carries the node, the field and the fix, and says both parts in its message', () => {
    const err = new UnsupportedExportError(
      'onnx',
      'd1',
      'activation',
      'Dense "d1": activation "selu" has no ONNX operator here',
      'use "relu" or "elu", or export as tfjs',
    );
    expect(err).toMatchObject({ format: 'onnx', nodeId: 'd1', field: 'activation' });
    expect(err.message).toBe(
      'Dense "d1": activation "selu" has no ONNX operator here; use "relu" or "elu", or export as tfjs',
    );
    expect(isUnsupportedExportError(err)).toBe(true);
    expect(isUnsupportedExportError(new Error('d1'))).toBe(false);
  });
});
