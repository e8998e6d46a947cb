import { transpose } from './export-context';
import { attrFloat, attrInt, attrInts, attrString } from './import-attrs';
import type { Constant, ImportState, Val } from './import-state';
import { channelsFirst, isIdentity, onnxDims, sameList, Unsupported } from './import-state';
import type { OnnxNode } from './proto';

const product = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

function needConstant(s: ImportState, op: OnnxNode, i: number, what: string): Constant {
  const c = s.constant(op, i);
  if (!c) throw new Unsupported(op, `its ${what} (input ${i}) is computed, not a stored weight`);
  return c;
}

/** 'valid' or TF's 'same' from ONNX pads; `explicit` lets other pads through as they are. */
export function paddingOf(
  op: OnnxNode,
  spatial: number[],
  kernel: number[],
  strides: number[],
  explicit = false,
): 'valid' | 'same' | number[] {
  const auto = attrString(op, 'auto_pad', 'NOTSET');
  if (auto === 'VALID') return 'valid';
  if (auto === 'SAME_UPPER') return 'same';
  if (auto !== 'NOTSET')
    throw new Unsupported(op, `auto_pad ${auto} pads the start; Layerloom pads like SAME_UPPER`);
  const pads = attrInts(op, 'pads') ?? spatial.flatMap(() => [0, 0]);
  if (pads.every((p) => p === 0)) return 'valid';
  const same = spatial.map((size, i) => {
    const total = Math.max((Math.ceil(size / strides[i]!) - 1) * strides[i]! + kernel[i]! - size, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  });
  const want = [...same.map((p) => p[0]!), ...same.map((p) => p[1]!)];
  if (sameList(pads, want)) return 'same';
  if (explicit) return pads;
  throw new Unsupported(
    op,
    `padding [${pads.join(', ')}] is neither none nor TensorFlow's 'same' ([${want.join(', ')}]) for this input`,
  );
}

export const outSize = (size: number, k: number, stride: number, padding: 'valid' | 'same') =>
  padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - k) / stride) + 1;

export function channelsFirstInput(s: ImportState, op: OnnxNode): Val {
  const x = s.val(op, 0);
  const r = x.perm.length;
  if ((r !== 3 && r !== 4) || !sameList(x.perm, channelsFirst(r)) || x.order || x.pooledKeepDims)
    throw new Unsupported(op, `its input is not an image or sequence laid out channels first`);
  return x;
}

/** A ZeroPadding2D node before `op` (named `<op>/pad`), from ONNX [top, left, bottom, right]. */
export function padFirst(s: ImportState, op: OnnxNode, x: Val, pads: number[]): Val {
  const [top, left, bottom, right] = pads as [number, number, number, number];
  const padOp = { ...op, name: `${op.name || op.output[0]}/pad` };
  const id = s.addNode(padOp, 'ZeroPadding2D', { padding: [top, bottom, left, right] }, [x]);
  return { ...x, node: id, shape: [x.shape[0]! + top + bottom, x.shape[1]! + left + right, x.shape[2]!] };
}

export function conv(s: ImportState, op: OnnxNode): void {
  let x = channelsFirstInput(s, op);
  const w = needConstant(s, op, 1, 'kernel');
  const dims = w.dims.length - 2;
  if (dims !== x.perm.length - 2)
    throw new Unsupported(op, `a ${dims}-D kernel on a ${x.perm.length - 2}-D input`);
  const group = attrInt(op, 'group', 1);
  const channels = x.shape[dims]!;
  const depthwise = group !== 1 && group === channels && w.dims[1] === 1 && dims === 2;
  if (group !== 1 && !depthwise)
    throw new Unsupported(
      op,
      `attribute group = ${group}: grouped convolution (${group} groups of ${channels} channels) has no Layerloom node`,
    );
  const dilations = attrInts(op, 'dilations') ?? [];
  if (dilations.some((d) => d !== 1))
    throw new Unsupported(
      op,
      `attribute dilations = [${dilations.join(', ')}]: dilated convolution has no Layerloom node`,
    );
  const kernel = w.dims.slice(2);
  const strides = attrInts(op, 'strides') ?? kernel.map(() => 1);
  const found = paddingOf(op, x.shape.slice(0, dims), kernel, strides, dims === 2);
  let padding: 'valid' | 'same' = 'valid';
  if (Array.isArray(found)) {
    // Pads TF's 'same' would not choose (PyTorch's padding=1 with stride 2): a ZeroPadding2D first.
    x = padFirst(s, op, x, found);
  } else padding = found;
  const spatial = x.shape.slice(0, dims);
  const filters = w.dims[0]!;
  const bias = s.constant(op, 2);
  const common = { kernelSize: kernel, strides, padding, activation: 'linear', useBias: bias !== null };
  let id: string;
  // A bias-free depthwise conv whose only reader is a 1×1 conv: SeparableConv2D (as exported).
  const pointwise = depthwise && !bias ? separablePointwise(s, op) : null;
  const pwBias = pointwise ? s.constant(pointwise.op, 2) : null;
  const outChannels = pointwise ? pointwise.w.dims[0]! : filters;
  if (depthwise) {
    const mult = filters / channels;
    id = pointwise
      ? s.addNode(
          op,
          'SeparableConv2D',
          { ...common, filters: outChannels, depthMultiplier: mult, useBias: pwBias !== null },
          [x],
        )
      : s.addNode(op, 'DepthwiseConv2D', { ...common, depthMultiplier: mult }, [x]);
    const grouped = [channels, mult, ...kernel];
    s.addWeight(
      id,
      'depthwise_kernel',
      [...kernel, channels, mult],
      transpose(w.data, grouped, [2, 3, 0, 1]),
    );
  } else {
    id = s.addNode(op, dims === 2 ? 'Conv2D' : 'Conv1D', { filters, ...common }, [x]);
    const perm = dims === 2 ? [2, 3, 1, 0] : [2, 1, 0];
    s.addWeight(id, 'kernel', [...kernel, w.dims[1]!, filters], transpose(w.data, w.dims, perm));
  }
  if (pointwise) {
    const pw = pointwise.w;
    s.addWeight(
      id,
      'pointwise_kernel',
      [1, 1, filters, outChannels],
      transpose(pw.data, pw.dims, [2, 3, 1, 0]),
    );
    if (pwBias) s.addWeight(id, 'bias', [outChannels], pwBias.data);
    s.absorbed.add(pointwise.op);
  }
  if (bias) s.addWeight(id, 'bias', [filters], bias.data);
  const shape = [...spatial.map((n, i) => outSize(n, kernel[i]!, strides[i]!, padding)), outChannels];
  s.set((pointwise?.op ?? op).output[0]!, { node: id, shape, perm: channelsFirst(dims + 2) });
}

/** The 1×1, stride-1, unpadded, ungrouped Conv that alone reads a depthwise conv's output (for Layerloom's files: its `<id>/Conv`). */
function separablePointwise(s: ImportState, dw: OnnxNode): { op: OnnxNode; w: Constant } | null {
  const op = s.soleReader(dw.output[0]!);
  if (op?.opType !== 'Conv' || (s.fromLayerloom && !op.name.startsWith(`${dw.name}/`))) return null;
  const w = s.constant(op, 1);
  const flat = (name: string, v: number) => (attrInts(op, name) ?? []).every((n) => n === v);
  if (!w || w.dims.length !== 4 || w.dims[2] !== 1 || w.dims[3] !== 1) return null;
  if (!flat('strides', 1) || !flat('pads', 0) || !flat('dilations', 1) || attrInt(op, 'group', 1) !== 1)
    return null;
  if (attrString(op, 'auto_pad', 'NOTSET') !== 'NOTSET' && attrString(op, 'auto_pad', '') !== 'VALID')
    return null;
  return { op, w };
}

/** A Dense node from a [in, out] kernel; a channels-first Flatten before it is folded into its rows. */
function dense(
  s: ImportState,
  op: OnnxNode,
  x: Val,
  kernel: Float32Array,
  rows: number,
  bias: Float32Array | null,
) {
  const units = kernel.length / rows;
  let k = kernel;
  if (x.order) {
    k = new Float32Array(kernel.length);
    for (let j = 0; j < rows; j++) k.set(kernel.subarray(j * units, (j + 1) * units), x.order[j]! * units);
  }
  const id = s.addNode(op, 'Dense', { units, activation: 'linear', useBias: bias !== null }, [x]);
  s.addWeight(id, 'kernel', [rows, units], k);
  if (bias) s.addWeight(id, 'bias', [units], bias);
  const shape = [...x.shape.slice(0, -1), units];
  return { node: id, shape, perm: x.perm.length === 2 ? [0, 1] : x.perm };
}

function broadcastBias(op: OnnxNode, c: Constant, units: number, scale: number): Float32Array {
  if (c.data.length === units) return c.data.map((v) => v * scale);
  if (c.data.length === 1) return new Float32Array(units).fill(c.data[0]! * scale);
  throw new Unsupported(op, `its bias has ${c.data.length} values for ${units} units`);
}

export function gemm(s: ImportState, op: OnnxNode): void {
  const x = s.val(op, 0);
  if (x.perm.length !== 2 || x.pooledKeepDims)
    throw new Unsupported(op, 'its input is not a batch of vectors');
  if (attrInt(op, 'transA', 0) !== 0) throw new Unsupported(op, 'attribute transA = 1 transposes the batch');
  const b = needConstant(s, op, 1, 'weight matrix');
  const alpha = attrFloat(op, 'alpha', 1);
  const kernel = attrInt(op, 'transB', 0) ? transpose(b.data, b.dims, [1, 0]) : b.data;
  const rows = attrInt(op, 'transB', 0) ? b.dims[1]! : b.dims[0]!;
  const c = s.constant(op, 2);
  const units = kernel.length / rows;
  const bias = c ? broadcastBias(op, c, units, attrFloat(op, 'beta', 1)) : null;
  s.set(op.output[0]!, dense(s, op, x, alpha === 1 ? kernel : kernel.map((v) => v * alpha), rows, bias));
}

/** MatMul by a stored matrix, with the Add of a stored bias right after it folded in. */
export function matmul(s: ImportState, op: OnnxNode): void {
  const x = s.val(op, 0);
  const b = needConstant(s, op, 1, 'weight matrix');
  if (b.dims.length !== 2) throw new Unsupported(op, 'its weight is not a matrix');
  if (!isIdentity(x.perm) || x.pooledKeepDims)
    throw new Unsupported(op, 'its input is not laid out channels last');
  const add = s.soleReader(op.output[0]!);
  const biasIndex = add?.opType === 'Add' ? add.input.findIndex((n) => n !== op.output[0]) : -1;
  const c = add && biasIndex >= 0 ? s.constant(add, biasIndex) : null;
  const bias = c && c.data.length === b.dims[1] ? c.data : null;
  const val = dense(s, op, x, b.data, b.dims[0]!, bias);
  s.set(op.output[0]!, val);
  if (bias && add) {
    s.absorbed.add(add);
    s.set(add.output[0]!, val);
  }
}

export function batchNorm(s: ImportState, op: OnnxNode): void {
  const x = s.val(op, 0);
  if (x.order || x.pooledKeepDims)
    throw new Unsupported(op, 'it normalises a flattened channels-first tensor');
  const r = x.perm.length;
  const channelAxis = x.perm[1]!;
  const [gamma, beta, mean, variance] = [1, 2, 3, 4].map((i) => needConstant(s, op, i, 'statistics'));
  // Layerloom writes a node's own gamma and beta as `<id>/gamma`, `<id>/beta`; fixed ones (scale or
  // center off) under other names, all ones and zeros.
  const fixed = (i: number, key: string, c: Constant, v: number) =>
    s.fromLayerloom && op.input[i] !== `${op.name}/${key}` && c.data.every((d) => d === v);
  const scale = !fixed(1, 'gamma', gamma!, 1);
  const center = !fixed(2, 'beta', beta!, 0);
  const id = s.addNode(
    op,
    'BatchNormalization',
    {
      axis: channelAxis === r - 1 ? -1 : channelAxis,
      momentum: attrFloat(op, 'momentum', 0.9),
      epsilon: attrFloat(op, 'epsilon', 1e-5),
      center,
      scale,
    },
    [x],
  );
  const c = mean!.data.length;
  if (scale) s.addWeight(id, 'gamma', [c], gamma!.data);
  if (center) s.addWeight(id, 'beta', [c], beta!.data);
  s.addWeight(id, 'moving_mean', [c], mean!.data);
  s.addWeight(id, 'moving_variance', [c], variance!.data);
  s.set(op.output[0]!, { ...x, node: id });
}

/** Layerloom flattens channels last; which Layerloom element each ONNX (channels-first) element is. */
function flattenOrder(x: Val): Int32Array {
  const dims = onnxDims(x).slice(1);
  const ll = x.shape;
  const llStrides = ll.map((_, i) => product(ll.slice(i + 1)));
  const order = new Int32Array(product(dims));
  const idx = new Array<number>(dims.length).fill(0);
  for (let j = 0; j < order.length; j++) {
    let at = 0;
    for (let i = 0; i < dims.length; i++) at += idx[i]! * llStrides[x.perm[i + 1]! - 1]!;
    order[j] = at;
    for (let i = dims.length - 1; i >= 0; i--) {
      if (++idx[i]! < dims[i]!) break;
      idx[i] = 0;
    }
  }
  return order;
}

export function flatten(s: ImportState, op: OnnxNode, x: Val): void {
  if (x.pooledKeepDims) {
    s.set(op.output[0]!, { node: x.node, shape: x.shape, perm: [0, 1] });
    return;
  }
  if (x.shape.length === 1) {
    s.set(op.output[0]!, x);
    return;
  }
  if (x.order) throw new Unsupported(op, 'it flattens an already reordered tensor');
  const id = s.addNode(op, 'Flatten', {}, [x]);
  const order = isIdentity(x.perm) ? undefined : flattenOrder(x);
  s.set(op.output[0]!, { node: id, shape: [product(x.shape)], perm: [0, 1], ...(order ? { order } : {}) });
}

export function reshape(s: ImportState, op: OnnxNode): void {
  const x = s.val(op, 0);
  const target = Array.from(needConstant(s, op, 1, 'target shape').data);
  // A batch size read with Shape (NaN, see import-shapes.ts) keeps the batch: as 0 does.
  if (Number.isNaN(target[0])) target[0] = 0;
  if (target.some((d) => Number.isNaN(d)))
    throw new Unsupported(op, 'a target dimension other than the first is the batch size');
  const size = product(x.shape);
  const rest = target.slice(1);
  if (target.length === 2 && (rest[0] === -1 || rest[0] === size)) return flatten(s, op, x);
  if (!isIdentity(x.perm) || x.order || x.pooledKeepDims)
    throw new Unsupported(op, 'it reshapes a channels-first tensor into something other than a vector');
  if (target[0] !== -1 && target[0] !== 0)
    throw new Unsupported(op, `it fixes the batch size to ${target[0]}; Layerloom models take any batch`);
  const filled = rest.map((d, i) => (d === 0 ? x.shape[i]! : d));
  const known = product(filled.filter((d) => d !== -1));
  const shape = filled.map((d) => (d === -1 ? size / known : d));
  if (target[0] === -1 && rest.includes(-1)) throw new Unsupported(op, 'it infers two dimensions');
  const id = s.addNode(op, 'Reshape', { targetShape: filled }, [x]);
  s.set(op.output[0]!, {
    node: id,
    shape,
    perm: shape.length === 0 ? [0] : [0, ...shape.map((_, i) => i + 1)],
  });
}

/**
 * GlobalAveragePool / GlobalMaxPool, or ReduceMean / ReduceMax over the image axes (or, for max, a
 * sequence's steps): GlobalAveragePooling2D, GlobalMaxPooling2D, GlobalMaxPooling1D.
 */
export function globalPool(
  s: ImportState,
  op: OnnxNode,
  keepDims: boolean,
  llAxes: number[],
  max = false,
): void {
  const x = s.val(op, 0);
  const r = x.perm.length;
  const steps = max && r === 3 && sameList(llAxes, [1]);
  if (x.order || (!steps && (r !== 4 || !sameList([...llAxes].sort(), [1, 2]))))
    throw new Unsupported(
      op,
      `it ${max ? 'takes the largest value' : 'averages'} over axes [${llAxes.join(', ')}] (channels last), not over ${max ? "a sequence's steps or " : ''}an image's height and width`,
    );
  if (keepDims && (steps || !sameList(x.perm, channelsFirst(4))))
    throw new Unsupported(op, 'it keeps the pooled axes of a channels-last tensor');
  const type = steps ? 'GlobalMaxPooling1D' : max ? 'GlobalMaxPooling2D' : 'GlobalAveragePooling2D';
  const id = s.addNode(op, type, {}, [x]);
  s.set(op.output[0]!, {
    node: id,
    shape: [x.shape[r - 2]!],
    perm: [0, 1],
    ...(keepDims ? { pooledKeepDims: true } : {}),
  });
}
