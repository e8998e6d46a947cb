import type { ActivationId } from '../catalogue/identifiers';
import { transpose } from './export-context';
import { attrFloat, attrInt, attrInts, shortFloat } from './import-attrs';
import type { ImportState, Val } from './import-state';
import { identity, isIdentity, sameList, Unsupported } from './import-state';
import { permute } from './import-more';
import type { OnnxNode } from './proto';

const FUSABLE = new Set([
  'Dense',
  'Conv1D',
  'Conv2D',
  'DepthwiseConv2D',
  'SeparableConv2D',
  'Conv2DTranspose',
]);
const near = (a: number, b: number) => Math.abs(a - b) < 1e-5;

/** Where an activation reads and writes, when it spans several ops (import-expressions.ts). */
export interface Span {
  input: string;
  output: string;
  /** Whether the span is the only reader of its input (a fold into the layer before needs that). */
  soleReader: boolean;
}

/**
 * Applies an activation: folded into the Dense/Conv that feeds it when that is its only reader (for
 * Layerloom's own files: when the op is that layer's, named `<layer>/<Op>`), else an Activation node.
 */
export function activation(s: ImportState, op: OnnxNode, act: ActivationId, span?: Span): void {
  const x = span ? s.slotVal(op, span.input) : s.val(op, 0);
  const output = span?.output ?? op.output[0]!;
  const sole = span ? span.soleReader : s.soleReader(op.input[0]!) === op;
  if (fuse(s, op, x, act, sole, output)) return;
  const id = s.addNode(op, 'Activation', { activation: act }, [x]);
  s.set(output, { ...x, node: id });
}

function fuse(
  s: ImportState,
  op: OnnxNode,
  x: Val,
  act: ActivationId,
  sole = s.soleReader(op.input[0]!) === op,
  output = op.output[0]!,
): boolean {
  const producer = s.nodes.find((n) => n.id === x.node);
  if (!producer) return false;
  const own = !s.fromLayerloom || op.name.startsWith(`${s.onnxName.get(x.node)}/`);
  const fits = FUSABLE.has(producer.type) && producer.params['activation'] === 'linear';
  if (!fits || !own || !sole) return false;
  producer.params['activation'] = act;
  s.set(output, x);
  return true;
}

const SIMPLE: Record<string, ActivationId> = {
  Relu: 'relu',
  Sigmoid: 'sigmoid',
  Tanh: 'tanh',
  Softplus: 'softplus',
  Softsign: 'softsign',
};

/** Element-wise activations, by ONNX op; returns false when `op` is none of them. */
export function elementwise(s: ImportState, op: OnnxNode): boolean {
  const simple = SIMPLE[op.opType];
  if (simple) return (activation(s, op, simple), true);
  switch (op.opType) {
    case 'Selu':
      if (
        !near(attrFloat(op, 'alpha', 1.6732632), 1.6732632) ||
        !near(attrFloat(op, 'gamma', 1.0507009), 1.0507009)
      )
        throw new Unsupported(op, 'attributes alpha / gamma are not the standard Selu constants');
      return (activation(s, op, 'selu'), true);
    case 'HardSigmoid':
      if (!near(attrFloat(op, 'alpha', 0.2), 0.2) || !near(attrFloat(op, 'beta', 0.5), 0.5))
        throw new Unsupported(
          op,
          `attributes alpha = ${attrFloat(op, 'alpha', 0.2)}, beta = ${attrFloat(op, 'beta', 0.5)}: tfjs hardSigmoid is 0.2·x + 0.5`,
        );
      return (activation(s, op, 'hardSigmoid'), true);
    case 'Elu': {
      const alpha = attrFloat(op, 'alpha', 1);
      if (alpha === 1) return (activation(s, op, 'elu'), true);
      return (layerNode(s, op, 'ELU', { alpha }), true);
    }
    case 'LeakyRelu':
      return (layerNode(s, op, 'LeakyReLU', { alpha: attrFloat(op, 'alpha', 0.01) }), true);
    case 'Clip': {
      const min = s.constant(op, 1)?.data[0] ?? attrFloat(op, 'min', -Infinity);
      const max = s.constant(op, 2)?.data[0] ?? attrFloat(op, 'max', Infinity);
      if (min === 0 && max === 6) return (activation(s, op, 'relu6'), true);
      if (min === 0 && max === Infinity) return (activation(s, op, 'relu'), true);
      throw new Unsupported(
        op,
        `Clip to [${min}, ${max}]; only [0, 6] (ReLU6) and [0, ∞) (ReLU) map to layers`,
      );
    }
    case 'Softmax':
    case 'LogSoftmax': {
      const x = s.val(op, 0);
      const r = x.perm.length;
      const axis = attrInt(op, 'axis', -1);
      const llAxis = x.perm[axis < 0 ? r + axis : axis]!;
      const act = op.opType === 'Softmax' ? 'softmax' : 'logSoftmax';
      if (llAxis === r - 1 && fuse(s, op, x, act)) return true;
      if (op.opType === 'LogSoftmax') {
        if (llAxis !== r - 1)
          throw new Unsupported(op, `attribute axis = ${axis}: LogSoftmax over another axis than the last`);
        return (activation(s, op, act), true);
      }
      return (layerNode(s, op, 'Softmax', { axis: llAxis === r - 1 ? -1 : llAxis }), true);
    }
    case 'PRelu': {
      const x = s.val(op, 0);
      const slope = s.constant(op, 1);
      if (!slope || x.order) throw new Unsupported(op, 'its slope is not a stored weight');
      const onnxShape = x.perm.slice(1).map((p) => x.shape[p - 1]!);
      const full = broadcast(op, slope.data, slope.dims, onnxShape);
      // Layerloom's PReLU keeps one slope per value of a sample, channels last.
      const back = x.perm.slice(1).map((p) => p - 1);
      const inverse = back.map((_, i) => back.indexOf(i));
      const data = transpose(full, onnxShape, inverse);
      const id = s.addNode(op, 'PReLU', {}, [x]);
      s.addWeight(id, 'alpha', [...x.shape], data);
      s.set(op.output[0]!, { ...x, node: id });
      return true;
    }
    default:
      return false;
  }
}

function layerNode(
  s: ImportState,
  op: OnnxNode,
  type: 'ELU' | 'LeakyReLU' | 'Softmax',
  params: Record<string, number>,
) {
  const x = s.val(op, 0);
  const id = s.addNode(op, type, params, [x]);
  s.set(op.output[0]!, { ...x, node: id });
}

/** Numpy-style broadcast of `data` (dims) to `shape` (right-aligned). */
function broadcast(op: OnnxNode, data: Float32Array, dims: number[], shape: number[]): Float32Array {
  const aligned = [...new Array<number>(Math.max(0, shape.length - dims.length)).fill(1), ...dims].slice(
    -shape.length,
  );
  if (aligned.some((d, i) => d !== 1 && d !== shape[i]))
    throw new Unsupported(op, `slope [${dims}] does not fit [${shape}]`);
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  const idx = new Array<number>(shape.length).fill(0);
  for (let j = 0; j < n; j++) {
    let src = 0;
    for (let i = 0; i < shape.length; i++) src = src * aligned[i]! + (aligned[i] === 1 ? 0 : idx[i]!);
    out[j] = data[src]!;
    for (let i = shape.length - 1; i >= 0; i--) {
      if (++idx[i]! < shape[i]!) break;
      idx[i] = 0;
    }
  }
  return out;
}

/** Add/Sum, Mul, Mean and Concat of layer outputs in the same layout. */
export function merge(s: ImportState, op: OnnxNode): void {
  const xs = op.input.map((_, i) => s.val(op, i));
  // Layerloom writes a Multiply of n inputs as n − 1 Muls (`<id>`, `<id>/Mul`, …): one node again.
  let out = op.output[0]!;
  for (
    let next = s.soleReader(out);
    op.opType === 'Mul' && next?.opType === 'Mul';
    next = s.soleReader(out)
  ) {
    const other = next.input[0] === out ? 1 : 0;
    if (next.input[1 - other] !== out || (s.fromLayerloom && !next.name.startsWith(`${op.name}/`))) break;
    if (s.constant(next, other)) break;
    xs.push(s.val(next, other));
    s.absorbed.add(next);
    out = next.output[0]!;
  }
  const first = xs[0]!;
  if (xs.some((v) => !sameList(v.perm, first.perm) || v.order || v.pooledKeepDims))
    throw new Unsupported(op, 'its inputs are laid out differently');
  if (xs.length === 1) return s.set(op.output[0]!, first);
  if (op.opType === 'Concat') {
    const r = first.perm.length;
    const a = attrInt(op, 'axis', 1);
    const llAxis = first.perm[a < 0 ? r + a : a]!;
    const shape = [...first.shape];
    shape[llAxis - 1] = xs.reduce((sum, v) => sum + v.shape[llAxis - 1]!, 0);
    const id = s.addNode(op, 'Concatenate', { axis: llAxis === r - 1 ? -1 : llAxis }, xs);
    return s.set(op.output[0]!, { ...first, node: id, shape });
  }
  if (xs.some((v) => !sameList(v.shape, first.shape)))
    throw new Unsupported(op, 'it broadcasts inputs of different shapes');
  const type = op.opType === 'Mul' ? 'Multiply' : op.opType === 'Mean' ? 'Average' : 'Add';
  const id = s.addNode(op, type, {}, xs);
  s.set(out, { ...first, node: id });
}

/** Ops that only relabel a value: Identity, Cast, Transpose, and Squeeze of RNN outputs or pooled 1×1s. */
export function relabel(s: ImportState, op: OnnxNode): void {
  const x = s.val(op, 0);
  // Layerloom writes a linear Activation node as an Identity named as the node.
  if (op.opType === 'Identity' && s.fromLayerloom && !op.name.includes('/'))
    return activation(s, op, 'linear');
  if (op.opType === 'Identity' || op.opType === 'Cast') return s.set(op.output[0]!, x);
  if (op.opType === 'Transpose') {
    if (x.order || x.pooledKeepDims) throw new Unsupported(op, 'it transposes a flattened or pooled tensor');
    const t = attrInts(op, 'perm') ?? identity(x.perm.length).reverse();
    if (permute(s, op, t)) return;
    return s.set(op.output[0]!, { ...x, perm: t.map((i) => x.perm[i]!) });
  }
  const axes = s.constant(op, 1) ? Array.from(s.constant(op, 1)!.data) : (attrInts(op, 'axes') ?? []);
  if (x.rnn === 'Y' && sameList(axes, [1]))
    return s.set(op.output[0]!, { node: x.node, shape: x.shape, perm: [1, 0, 2] });
  if (x.rnn === 'Y_h' && sameList(axes, [0]))
    return s.set(op.output[0]!, { node: x.node, shape: x.shape, perm: [0, 1] });
  if (x.pooledKeepDims && sameList(axes, [2, 3]))
    return s.set(op.output[0]!, { node: x.node, shape: x.shape, perm: [0, 1] });
  throw new Unsupported(op, `Squeeze of axes [${axes}] here`);
}

export function dropout(s: ImportState, op: OnnxNode): void {
  if (op.output[1] && (s.consumers.get(op.output[1])?.length ?? 0) > 0)
    throw new Unsupported(op, 'its mask output is used');
  const x = s.val(op, 0);
  const rate = shortFloat(s.constant(op, 1)?.data[0] ?? attrFloat(op, 'ratio', 0.5));
  const id = s.addNode(op, 'Dropout', { rate }, [x]);
  s.set(op.output[0]!, { ...x, node: id } satisfies Val);
}

export function embedding(s: ImportState, op: OnnxNode): void {
  const table = s.constant(op, 0);
  if (!table || table.dims.length !== 2 || attrInt(op, 'axis', 0) !== 0)
    throw new Unsupported(op, 'it gathers from something other than a [vocabulary, vector] table');
  const ids = s.val(op, 1);
  if (!isIdentity(ids.perm)) throw new Unsupported(op, 'its ids are not laid out channels last');
  const [inputDim, outputDim] = [table.dims[0]!, table.dims[1]!];
  const id = s.addNode(op, 'Embedding', { inputDim, outputDim }, [ids]);
  s.addWeight(id, 'embeddings', [inputDim, outputDim], table.data);
  const shape = [...ids.shape, outputDim];
  s.set(op.output[0]!, { node: id, shape, perm: [0, ...shape.map((_, i) => i + 1)] });
}
