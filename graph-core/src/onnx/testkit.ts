import { attr, tensorInfo, type AttrValue } from './builder';
import type { OnnxModel, OnnxNode, OnnxTensor } from './proto';

/** Hand-written ONNX graphs for the import tests. */

/** One op; attributes from plain values (see `attr`). */
export function onnxOp(
  opType: string,
  name: string,
  input: string[],
  output: string[],
  attrs: Record<string, AttrValue> = {},
): OnnxNode {
  return {
    opType,
    name,
    input,
    output,
    attribute: Object.entries(attrs).map(([k, v]) => attr(k, v)),
  };
}

/** An opset-13 model of `nodes` from input `x` to output `y` (batch 'N'), as a file from elsewhere ('test'). */
export function onnxModel(
  nodes: OnnxNode[],
  options: { input?: number[]; output?: number[]; outputName?: string; initializer?: OnnxTensor[] } = {},
): OnnxModel {
  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'test',
    graph: {
      name: 'g',
      node: nodes,
      initializer: options.initializer ?? [],
      input: [tensorInfo('x', ['N', ...(options.input ?? [4])])],
      output: [tensorInfo(options.outputName ?? 'y', ['N', ...(options.output ?? [4])])],
    },
  };
}
