import type { JsonValue, NodeType } from '../document/types';
import type { NamedWeight } from '../weights/named';
import { UnsupportedExportError } from '../weights/unsupported';
import type { GraphBuilder } from './builder';

/** Layerloom keeps tensors channels last (NHWC); ONNX's Conv, pools and BatchNormalization want NCHW. */
export type Layout = 'cl' | 'cf';

/**
 * One layer's result, available in one or both layouts. The other layout is made on demand by one
 * Transpose that every consumer shares, so conv → batch norm → relu → pool stays channels first
 * without a transpose pair between each op. Below rank 3 both layouts are the same tensor.
 */
export class Value {
  readonly names: Partial<Record<Layout, string>> = {};
  constructor(
    readonly rank: number,
    layout: Layout,
    name: string,
  ) {
    this.names[layout] = name;
    if (rank < 3) this.names[layout === 'cl' ? 'cf' : 'cl'] = name;
  }

  in(b: GraphBuilder, layout: Layout, base: string): string {
    const have = this.names[layout];
    if (have) return have;
    const r = this.rank;
    const middle = Array.from({ length: r - 2 }, (_, i) => i + 1);
    const perm = layout === 'cf' ? [0, r - 1, ...middle] : [0, ...middle.map((m) => m + 1), 1];
    const from = this.names[layout === 'cf' ? 'cl' : 'cf']!;
    const name = b.op('Transpose', [from], `${base}/layout`, { perm });
    this.names[layout] = name;
    return name;
  }

  /** A layout this value already has, channels first when it has both (so element-wise ops keep it). */
  preferred(): Layout {
    return this.names.cf ? 'cf' : 'cl';
  }
}

/** What one layer's emitter gets: its node, resolved params, inputs and shapes (no batch dimension). */
export interface EmitContext {
  b: GraphBuilder;
  id: string;
  type: NodeType;
  p: Record<string, JsonValue>;
  ins: Value[];
  inShapes: number[][];
  outShape: number[];
  weight(key: string): NamedWeight;
  hasWeight(key: string): boolean;
}

export interface Emitted {
  name: string;
  layout: Layout;
}

/** What ONNX cannot express at this node: the reason, and what the user can change. */
export function fail(
  ctx: Pick<EmitContext, 'id' | 'type'>,
  field: string,
  reason: string,
  fix: string,
): never {
  throw new UnsupportedExportError('onnx', ctx.id, field, `${ctx.type} "${ctx.id}": ${reason}`, fix);
}

export function paramNumber(ctx: EmitContext, key: string): number {
  const v = ctx.p[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(ctx, key, `${key} is not a number`, `set ${key}`);
  return v;
}

export function paramInts(ctx: EmitContext, key: string, length: number): number[] {
  const v = ctx.p[key];
  const list = typeof v === 'number' ? Array.from({ length }, () => v) : v;
  if (!Array.isArray(list) || list.length !== length || !list.every((x) => Number.isInteger(x)))
    fail(ctx, key, `${key} is not ${length} whole number(s)`, `set ${key}`);
  return list as number[];
}

/** Transposes a row-major tensor of `shape` by `perm` (the axes of the result, as numpy does). */
export function transpose(
  data: Float32Array,
  shape: readonly number[],
  perm: readonly number[],
): Float32Array {
  const outShape = perm.map((p) => shape[p]!);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(data.length);
  const idx = new Array<number>(outShape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let k = 0; k < perm.length; k++) src += idx[k]! * strides[perm[k]!]!;
    out[o] = data[src]!;
    for (let k = outShape.length - 1; k >= 0; k--) {
      if (++idx[k]! < outShape[k]!) break;
      idx[k] = 0;
    }
  }
  return out;
}
