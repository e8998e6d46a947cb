import type { NamedWeight } from '../../weights/named';
import { f32, type NpyArray } from './npy';
import { PytorchExportError } from './types';

/** Reorders a C-order array's axes: result axis i is source axis perm[i] (like numpy.transpose). */
export function transpose(data: Float32Array, shape: readonly number[], perm: readonly number[]): NpyArray {
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p]!);
  const strides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  const out = new Float32Array(data.length);
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let i = 0; i < rank; i++) src += idx[i]! * strides[perm[i]!]!;
    out[o] = data[src]!;
    for (let i = rank - 1; i >= 0; i--) {
      if (++idx[i]! < outShape[i]!) break;
      idx[i] = 0;
    }
  }
  return f32(outShape, out);
}

/** The node's trained weights by tfjs weight name, checked for presence and shape. */
export class NodeWeights {
  constructor(
    private readonly nodeId: string,
    private readonly type: string,
    private readonly byName: ReadonlyMap<string, NamedWeight> | undefined,
    private readonly prefix = '',
  ) {}

  get(name: string, shape: readonly number[]): NamedWeight {
    const w = this.byName?.get(this.prefix + name);
    if (!w)
      throw new PytorchExportError(
        `${this.type} "${this.nodeId}": the weights have no "${this.nodeId}/${this.prefix}${name}"`,
        'export a run trained on this graph, or a project whose weights match it',
        this.nodeId,
        'weights',
      );
    if (w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i]))
      throw new PytorchExportError(
        `${this.type} "${this.nodeId}": weight "${w.name}" has shape [${w.shape.join(', ')}] but the graph needs [${shape.join(', ')}]`,
        'the weights belong to a different version of the graph: export a run of this graph',
        this.nodeId,
        'weights',
      );
    return w;
  }

  /** The weights under `<prefix>` (e.g. `forward_lstm/`) as their own set: Bidirectional's halves. */
  under(prefix: string): NodeWeights {
    return new NodeWeights(this.nodeId, this.type, this.byName, this.prefix + prefix);
  }

  /** The weight as it is (same layout in both frameworks). */
  same(name: string, shape: readonly number[]): NpyArray {
    return f32(shape, this.get(name, shape).data);
  }

  /** The weight with its axes reordered into PyTorch's layout. */
  permuted(name: string, shape: readonly number[], perm: readonly number[]): NpyArray {
    return transpose(this.get(name, shape).data, shape, perm);
  }
}

export const filled = (shape: readonly number[], value: number): NpyArray =>
  f32(shape, new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(value));
