import type { OnnxAttribute, OnnxNode, OnnxTensor, OnnxValueInfo } from './proto';
import { floatTensor, int64Tensor } from './proto';
import { AttrType, DataType, utf8Bytes as enc } from './schema';

export type AttrValue = number | number[] | string | string[] | { floats: number[] };

/** An attribute from a plain value: integers as INT(S), `{ floats }` and non-integers as FLOAT(S). */
export function attr(name: string, value: AttrValue, asFloat = false): OnnxAttribute {
  if (typeof value === 'string') return { name, type: AttrType.STRING, s: enc(value) };
  if (typeof value === 'number')
    return asFloat || !Number.isInteger(value)
      ? { name, type: AttrType.FLOAT, f: value }
      : { name, type: AttrType.INT, i: value };
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string'))
      return { name, type: AttrType.STRINGS, strings: (value as string[]).map(enc) };
    return asFloat
      ? { name, type: AttrType.FLOATS, floats: value as number[] }
      : { name, type: AttrType.INTS, ints: value as number[] };
  }
  return { name, type: AttrType.FLOATS, floats: value.floats };
}

/** A float32 graph input or output; a string dimension is symbolic (the batch, 'N'). */
export const tensorInfo = (name: string, dims: readonly (number | string)[]): OnnxValueInfo => ({
  name,
  type: {
    tensorType: {
      elemType: DataType.FLOAT,
      shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
    },
  },
});

/**
 * Collects the nodes and initializers of one ONNX graph. Value names are unique: node ids are
 * used as they are for each layer's (channels-last) result, helpers get `<id>/<what>` names.
 */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly used = new Set<string>();
  private readonly nodeNames = new Set<string>();

  unique(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  reserve(name: string): void {
    this.used.add(name);
  }

  /** Adds one op; returns its (first) output name. `out` names the output exactly when given. */
  op(
    opType: string,
    inputs: string[],
    nodeName: string,
    attrs: Record<string, AttrValue> = {},
    out?: string,
    floatAttrs: readonly string[] = [],
  ): string {
    const output = out ?? this.unique(`${nodeName}/${opType}`);
    if (out) this.used.add(out);
    this.nodes.push({
      name: this.nodeName(nodeName, opType),
      opType,
      input: inputs,
      output: [output],
      attribute: Object.entries(attrs).map(([k, v]) => attr(k, v, floatAttrs.includes(k))),
    });
    return output;
  }

  /** Same as op, for ops with several outputs (RNNs). */
  opMulti(
    opType: string,
    inputs: string[],
    nodeName: string,
    outputs: string[],
    attrs: OnnxAttribute[],
  ): void {
    for (const o of outputs) if (o) this.used.add(o);
    this.nodes.push({
      name: this.nodeName(nodeName, opType),
      opType,
      input: inputs,
      output: outputs,
      attribute: attrs,
    });
  }

  /** The layer's first op is named after its node id, the rest `<id>/<op>` (numbered when repeated). */
  private nodeName(base: string, opType: string): string {
    let name = this.nodeNames.has(base) ? `${base}/${opType}` : base;
    for (let i = 1; this.nodeNames.has(name); i++) name = `${base}/${opType}_${i}`;
    this.nodeNames.add(name);
    return name;
  }

  floats(name: string, dims: readonly number[], data: Float32Array): string {
    const unique = this.unique(name);
    this.initializers.push(floatTensor(unique, dims, data));
    return unique;
  }

  int64s(name: string, data: readonly number[]): string {
    const unique = this.unique(name);
    this.initializers.push(int64Tensor(unique, [data.length], data));
    return unique;
  }

  scalar(name: string, value: number): string {
    const unique = this.unique(name);
    this.initializers.push(floatTensor(unique, [], Float32Array.of(value)));
    return unique;
  }
}
