import type { GraphNode, JsonValue, NodeType } from '../document/types';
import type { NamedWeight } from '../weights/named';
import type { OnnxNode } from './proto';
import { OnnxError } from './proto';

/**
 * An ONNX value as Layerloom sees it: the node whose (channels-last) output it is, that output's
 * shape, and how the ONNX tensor is laid out relative to it: ONNX axis i is Layerloom axis perm[i]
 * (batch included). A torch image tensor NCHW over a Layerloom NHWC output has perm [0, 3, 1, 2].
 */
export interface Val {
  node: string;
  /** Layerloom output shape without the batch dimension. */
  shape: number[];
  perm: number[];
  /**
   * After a channels-first Flatten: ONNX element j of a sample is Layerloom element order[j]. The
   * next Dense takes it into its kernel rows, so predictions stay equal.
   */
  order?: Int32Array;
  /** GlobalAveragePool keeps two trailing 1s that the Layerloom node drops. */
  pooledKeepDims?: boolean;
  /** Outputs of an RNN op before they are squeezed and transposed back. */
  rnn?: 'Y' | 'Y_h';
  /** Comes out of an unsupported op: its shape is unknown, so what reads it is a placeholder too. */
  unknown?: boolean;
}

export interface Constant {
  dims: number[];
  data: Float32Array;
  /** Computed from a Shape op: NaN stands for the batch size (see import-shapes.ts). */
  batch?: boolean;
  /** A batch-sized tensor of zeros (ConstantOfShape): an RNN's initial state, no data kept. */
  zeros?: boolean;
}

/** Ops that may read a constant holding the batch size; the rest would compute with it and refuse. */
const BATCH_READERS = new Set([
  'Shape',
  'Gather',
  'Unsqueeze',
  'Squeeze',
  'Concat',
  'Cast',
  'ConstantOfShape',
  'Reshape',
  'LSTM',
  'GRU',
  'RNN',
]);

/** Where one op ended up: a Layerloom value, or a constant (initializers and Constant ops). */
export type Slot = { val: Val } | { constant: Constant };

export const identity = (rank: number) => Array.from({ length: rank }, (_, i) => i);
export const isIdentity = (perm: readonly number[]) => perm.every((p, i) => p === i);
/** ONNX tensor NC… over a Layerloom N…C tensor. */
export const channelsFirst = (rank: number) => [
  0,
  rank - 1,
  ...Array.from({ length: rank - 2 }, (_, i) => i + 1),
];
export const sameList = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** The ONNX dims of a value (batch as -1). */
export function onnxDims(v: Val): number[] {
  const full = [-1, ...v.shape];
  if (v.pooledKeepDims) return [-1, v.shape[0]!, 1, 1];
  return v.perm.map((p) => full[p]!);
}

/** An op Layerloom cannot express; becomes a placeholder node (or an error) naming op and node. */
export class Unsupported extends Error {
  constructor(
    readonly op: OnnxNode,
    why: string,
  ) {
    super(`ONNX op ${op.opType} at node '${op.name || op.output[0]}' is not supported: ${why}`);
  }
}

/** What op handlers build on: Layerloom nodes and weights, ONNX constants and values. */
export class ImportState {
  readonly nodes: GraphNode[] = [];
  readonly wires: { source: string; target: string; targetHandle?: string }[] = [];
  /** ONNX ops absorbed into an earlier Layerloom node (the Add of MatMul + Add). */
  readonly absorbed = new Set<OnnxNode>();
  /** The ONNX ops reading each value. */
  readonly consumers = new Map<string, OnnxNode[]>();
  /** Layerloom node id → the ONNX op name it came from. */
  readonly onnxName = new Map<string, string>();
  readonly weights: NamedWeight[] = [];
  readonly slots = new Map<string, Slot>();
  /** How many ops read each ONNX value (activation fusion needs a single reader). */
  readonly readers = new Map<string, number>();
  private readonly ids = new Set<string>(['data', 'loss', 'opt']);

  constructor(readonly fromLayerloom: boolean) {}

  /** The single reader of `value`, or null when it has none or several. */
  soleReader(value: string): OnnxNode | null {
    const readers = this.consumers.get(value) ?? [];
    return readers.length === 1 ? readers[0]! : null;
  }

  uniqueId(wanted: string, fallback: string): string {
    const clean = wanted.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || fallback;
    let id = clean;
    for (let i = 2; this.ids.has(id); i++) id = `${clean}_${i}`;
    this.ids.add(id);
    return id;
  }

  addNode(op: OnnxNode, type: NodeType, params: Record<string, JsonValue>, inputs: Val[]): string {
    const id = this.uniqueId(op.name || op.output[0] || type, type);
    this.nodes.push({ id, type, params });
    this.onnxName.set(id, op.name);
    inputs.forEach((v, i) =>
      this.wires.push({
        source: v.node,
        target: id,
        ...(inputs.length > 1 ? { targetHandle: `in${i}` } : {}),
      }),
    );
    return id;
  }

  addWeight(node: string, key: string, shape: number[], data: Float32Array): void {
    this.weights.push({ name: `${node}/${key}`, shape, data });
  }

  node(id: string): GraphNode {
    return this.nodes.find((n) => n.id === id)!;
  }

  val(op: OnnxNode, i: number): Val {
    return this.slotVal(op, op.input[i] ?? '', i);
  }

  /** The layer output `name` that `op` reads (as its input i, for the messages). */
  slotVal(op: OnnxNode, name: string, i = op.input.indexOf(name)): Val {
    const slot = this.slots.get(name);
    if (!slot) throw new OnnxError(`ONNX node '${op.name}' reads "${name}", which nothing produces.`);
    if ('constant' in slot)
      throw new Unsupported(
        op,
        slot.constant.batch
          ? `input ${i} is computed from the batch size (a Shape op)`
          : `input ${i} is a constant where Layerloom needs a layer's output`,
      );
    if (slot.val.unknown)
      throw new Unsupported(op, `it reads the output of an unsupported op; replace that node first`);
    return slot.val;
  }

  constant(op: OnnxNode, i: number): Constant | null {
    const slot = this.slots.get(op.input[i] ?? '');
    if (!slot || !('constant' in slot)) return null;
    if (slot.constant.batch && !BATCH_READERS.has(op.opType))
      throw new Unsupported(op, `input ${i} is computed from the batch size (a Shape op)`);
    return slot.constant;
  }

  isConstant(op: OnnxNode, i: number): boolean {
    return this.constant(op, i) !== null;
  }

  set(name: string, val: Val): void {
    this.slots.set(name, { val });
  }
}
