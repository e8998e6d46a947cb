import { describe, expect, it } from 'vitest';
import { importOnnx } from './import';
import type { OnnxModel, OnnxNode } from './proto';
import { encodeModel, int64Tensor } from './proto';
import { onnxModel, onnxOp } from './testkit';

const op = (opType: string, input: string[], output: string, attrs = {}) =>
  onnxOp(opType, output, input, [output], attrs);

/** x [N, 2, 3] → Shape → Gather(0) → Unsqueeze → Concat(…, tail) → `last`, as torch writes `x.view(x.size(0), …)`. */
function viewModel(tail: number[], last: OnnxNode): OnnxModel {
  return onnxModel(
    [
      op('Shape', ['x'], 's'),
      op('Gather', ['s', 'zero'], 'n', { axis: 0 }),
      op('Unsqueeze', ['n', 'axes'], 'nu'),
      op('Concat', ['nu', 'tail'], 'shape', { axis: 0 }),
      last,
    ],
    {
      input: [2, 3],
      output: [6],
      initializer: [
        int64Tensor('zero', [], [0]),
        int64Tensor('axes', [1], [0]),
        int64Tensor('tail', [tail.length], tail),
      ],
    },
  );
}

describe('importOnnx folds the shape arithmetic of a dynamic batch', () => {
  it('Shape → Gather → Unsqueeze → Concat → Reshape [batch, -1] becomes a Flatten', () => {
    const { document, warnings } = importOnnx(
      encodeModel(viewModel([-1], op('Reshape', ['x', 'shape'], 'y'))),
    );
    expect(warnings).toEqual([]);
    expect(document.nodes.map((n) => n.type)).toEqual(['Dataset', 'Input', 'Flatten', 'Loss', 'Optimizer']);
  });

  it('[batch, 3, 2] becomes a Reshape to [3, 2]', () => {
    const { document } = importOnnx(encodeModel(viewModel([3, 2], op('Reshape', ['x', 'shape'], 'y'))));
    expect(document.nodes.find((n) => n.type === 'Reshape')?.params).toEqual({ targetShape: [3, 2] });
  });

  it('refuses arithmetic on the batch size by name', () => {
    const { warnings } = importOnnx(encodeModel(viewModel([-1], op('Mul', ['x', 'shape'], 'y'))));
    expect(warnings[0]).toMatch(/ONNX op Mul at node 'y' is not supported: .*batch size/);
  });
});
