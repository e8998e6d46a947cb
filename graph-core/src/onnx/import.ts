import type { GraphDocument, GraphEdge, GraphNode, JsonValue, NodeType } from '../document/types';
import { CURRENT_VERSION, isNodeType } from '../document/types';
import type { NamedWeight } from '../weights/named';
import { attrInt, attrInts, constantOf } from './import-attrs';
import { dropout, elementwise, embedding, merge, relabel } from './import-elementwise';
import { batchNorm, conv, flatten, gemm, globalPool, matmul, reshape } from './import-layers';
import { pad, pool } from './import-pools';
import { foldShapes } from './import-shapes';
import { expression } from './import-expressions';
import { convTranspose, layerNormEquations, layerNormOp, repeatVector, resize, slice } from './import-more';
import { lastStep, recurrent } from './import-recurrent';
import { channelsFirst, identity, ImportState, isIdentity, Unsupported } from './import-state';
import type { OnnxGraph, OnnxNode } from './proto';
import { decodeModel, OnnxError, tensorValues } from './proto';

export interface OnnxImportOptions {
  /** The project's name (default: the ONNX graph's). */
  name?: string;
  /** The Dataset node's params (default: MNIST for 28×28×1 inputs, else a CSV file to choose). */
  dataset?: Record<string, JsonValue>;
  /** Refuse larger files (default 512 MiB) and graphs with more ops (default 5,000). */
  maxBytes?: number;
  maxNodes?: number;
}

export interface OnnxImportResult {
  document: GraphDocument;
  weights: NamedWeight[];
  /** Things the user should know: ops that became placeholders, a layout that changed. */
  warnings: string[];
}

/** The catalogue kind helper "import" adds for what cannot be mapped; used once it exists. */
const PLACEHOLDER = 'Unsupported';

function handle(s: ImportState, op: OnnxNode): void {
  if ((op.domain ?? '') !== '' && op.domain !== 'ai.onnx')
    throw new Unsupported(op, `it is from the ${op.domain} domain`);
  if (foldShapes(s, op)) return;
  if (expression(s, op)) return;
  if (elementwise(s, op)) return;
  switch (op.opType) {
    case 'Conv':
      return conv(s, op);
    case 'MaxPool':
    case 'AveragePool':
      return pool(s, op);
    case 'Gemm':
      return gemm(s, op);
    case 'MatMul':
      return matmul(s, op);
    case 'BatchNormalization':
      return batchNorm(s, op);
    case 'Flatten':
      if (attrInt(op, 'axis', 1) !== 1)
        throw new Unsupported(
          op,
          `attribute axis = ${attrInt(op, 'axis', 1)}: Flatten keeps the batch axis only`,
        );
      return flatten(s, op, s.val(op, 0));
    case 'Reshape':
      return reshape(s, op);
    case 'Pad':
      return pad(s, op);
    case 'GlobalAveragePool':
    case 'GlobalMaxPool':
      return globalPool(s, op, true, [1, 2], op.opType === 'GlobalMaxPool');
    case 'ReduceMean':
    case 'ReduceMax': {
      if (op.opType === 'ReduceMean' && layerNormEquations(s, op)) return;
      const x = s.val(op, 0);
      const axes = (attrInts(op, 'axes') ?? []).map((a) => x.perm[a < 0 ? x.perm.length + a : a]!);
      return globalPool(s, op, attrInt(op, 'keepdims', 1) === 1, axes, op.opType === 'ReduceMax');
    }
    case 'LayerNormalization':
      return layerNormOp(s, op);
    case 'ConvTranspose':
      return convTranspose(s, op);
    case 'Resize':
      return resize(s, op);
    case 'Slice':
      return slice(s, op);
    case 'Unsqueeze':
      return repeatVector(s, op);
    case 'Gather':
      return s.isConstant(op, 0) ? embedding(s, op) : lastStep(s, op);
    case 'Add':
    case 'Sum':
    case 'Mul':
    case 'Mean':
    case 'Concat':
      return merge(s, op);
    case 'Identity':
    case 'Cast':
    case 'Transpose':
    case 'Squeeze':
      return relabel(s, op);
    case 'Dropout':
      return dropout(s, op);
    case 'LSTM':
    case 'GRU':
    case 'RNN':
      return recurrent(s, op);
    default:
      throw new Unsupported(op, 'Layerloom has no layer for it');
  }
}

/** Ops in an order where every input is made first; a cycle is an error naming an op on it. */
function topoOrder(g: OnnxGraph, known: Set<string>): OnnxNode[] {
  const producer = new Map<string, OnnxNode>();
  for (const op of g.node)
    for (const out of op.output) {
      if (producer.has(out) || known.has(out))
        throw new OnnxError(`The ONNX graph is malformed: value "${out}" is produced twice.`);
      if (out) producer.set(out, op);
    }
  const state = new Map<OnnxNode, 'visiting' | 'done'>();
  const order: OnnxNode[] = [];
  for (const root of g.node) {
    const stack: [OnnxNode, number][] = [[root, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [op, i] = top;
      if (i === 0) {
        if (state.get(op) === 'done') {
          stack.pop();
          continue;
        }
        state.set(op, 'visiting');
      }
      const dep = op.input[i] ? producer.get(op.input[i]!) : undefined;
      if (i < op.input.length) {
        top[1] = i + 1;
        if (!dep) continue;
        if (state.get(dep) === 'visiting')
          throw new OnnxError(`The ONNX graph has a cycle through node '${dep.name || dep.output[0]}'.`);
        if (state.get(dep) !== 'done') stack.push([dep, 0]);
        continue;
      }
      state.set(op, 'done');
      order.push(op);
      stack.pop();
    }
  }
  return order;
}

/**
 * An ONNX model as a Layerloom project and its weights. Channels-first models (PyTorch) become
 * channels last: kernels are transposed and a Flatten's order is folded into the next Dense, so
 * predictions stay equal. An op with no Layerloom layer becomes a placeholder node naming it.
 */
export function importOnnx(bytes: Uint8Array, options: OnnxImportOptions = {}): OnnxImportResult {
  const maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
  if (bytes.byteLength > maxBytes)
    throw new OnnxError(
      `The ONNX file is ${bytes.byteLength} bytes; Layerloom imports files up to ${maxBytes} bytes.`,
    );
  const model = decodeModel(bytes);
  const g = model.graph;
  const maxNodes = options.maxNodes ?? 5000;
  if (g.node.length > maxNodes)
    throw new OnnxError(
      `The ONNX model has ${g.node.length} nodes; Layerloom imports models of up to ${maxNodes}.`,
    );
  const s = new ImportState(model.producerName === 'Layerloom');
  for (const t of g.initializer)
    s.slots.set(t.name, { constant: { dims: t.dims.map(Number), data: tensorValues(t) } });
  for (const op of g.node)
    for (const name of op.input) s.consumers.set(name, [...(s.consumers.get(name) ?? []), op]);
  const inputs = g.input.filter((v) => !s.slots.has(v.name));
  if (inputs.length !== 1)
    throw new OnnxError(`The ONNX model takes ${inputs.length} inputs; Layerloom models take exactly one.`);
  const input = inputs[0]!;
  const dims = (input.type?.tensorType?.shape?.dim ?? []).map((d) =>
    d.dimValue ? Number(d.dimValue) : null,
  );
  const sample = dims.slice(1);
  if (dims.length < 2 || sample.some((d) => d === null || d <= 0))
    throw new OnnxError(
      `Input "${input.name}" has shape [${dims.map((d) => d ?? '?').join(', ')}]; Layerloom needs a fixed size on every axis but the batch.`,
    );
  const readers = s.consumers.get(input.name) ?? [];
  const r = dims.length;
  // An image input read directly by Conv / pools / batch norm is channels first (PyTorch); one read
  // through Transposes, or by reshapes and dense layers, is laid out as Layerloom lays it out.
  const spatialOps = [
    'Conv',
    'ConvTranspose',
    'MaxPool',
    'AveragePool',
    'BatchNormalization',
    'GlobalAveragePool',
    'GlobalMaxPool',
    'Resize',
  ];
  const perm =
    r >= 3 && readers.some((op) => spatialOps.includes(op.opType)) ? channelsFirst(r) : identity(r);
  const shape = perm.slice(1).map((_, i) => sample[perm.indexOf(i + 1) - 1]!);
  const inputId = s.uniqueId(input.name, 'input');
  s.set(input.name, { node: inputId, shape, perm });

  // Constant ops first: a pattern read from its first op (LayerNormalization, gelu) needs the
  // constants of the ops after it, which torch writes as Constant ops placed anywhere.
  const known = new Set(s.slots.keys());
  for (const op of g.node) {
    const c = op.opType === 'Constant' ? constantOf(op) : null;
    if (c && op.output[0]) {
      s.slots.set(op.output[0], { constant: c });
      s.absorbed.add(op);
    }
  }

  const problems: string[] = [];
  for (const op of topoOrder(g, known)) {
    if (s.absorbed.has(op)) continue;
    try {
      handle(s, op);
    } catch (err) {
      if (!(err instanceof Unsupported)) throw err;
      problems.push(err.message);
      if (!isNodeType(PLACEHOLDER)) {
        for (const out of op.output) if (out) s.set(out, { node: '', shape: [], perm: [0], unknown: true });
        continue;
      }
      const known = op.input.flatMap((name) => {
        const slot = s.slots.get(name);
        return slot && 'val' in slot && !slot.val.unknown ? [slot.val] : [];
      });
      const id = s.addNode(op, PLACEHOLDER as NodeType, { op: op.opType, message: err.message }, known);
      for (const out of op.output) if (out) s.set(out, { node: id, shape: [], perm: [0], unknown: true });
    }
  }
  if (problems.length > 0 && !isNodeType(PLACEHOLDER))
    throw new OnnxError(
      `${problems.length} op(s) of this ONNX model cannot be imported: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}`,
    );
  return assemble(s, g, inputId, shape, options, problems);
}

function assemble(
  s: ImportState,
  g: OnnxGraph,
  inputId: string,
  shape: number[],
  options: OnnxImportOptions,
  warnings: string[],
): OnnxImportResult {
  if (g.output.length !== 1)
    warnings.push(`The model has ${g.output.length} outputs; only the first is kept.`);
  const slot = s.slots.get(g.output[0]!.name);
  if (!slot || !('val' in slot))
    throw new OnnxError(`The model's output "${g.output[0]!.name}" is not computed from its input.`);
  const out = slot.val;
  if (!isIdentity(out.perm) || out.order)
    warnings.push('The ONNX model outputs channels first; the imported graph outputs channels last.');
  const last = s.nodes.find((n) => n.id === out.node)?.params['activation'];
  const loss =
    last === 'softmax'
      ? 'categoricalCrossentropy'
      : last === 'sigmoid'
        ? 'binaryCrossentropy'
        : 'meanSquaredError';
  const mnist = shape.join() === '28,28,1';
  const nodes: GraphNode[] = [
    {
      id: 'data',
      type: 'Dataset',
      params: options.dataset ?? (mnist ? { source: 'mnist' } : { source: 'csv', path: '' }),
    },
    { id: inputId, type: 'Input', params: { shape } },
    ...s.nodes,
    { id: 'loss', type: 'Loss', params: { loss } },
    { id: 'opt', type: 'Optimizer', params: { optimizer: 'adam', learningRate: 0.001 } },
  ];
  const wires = [
    { source: 'data', target: inputId },
    ...s.wires,
    { source: out.node, target: 'loss' },
    { source: 'loss', target: 'opt' },
  ];
  const edges: GraphEdge[] = wires.map((w, i) => ({ id: `e${i}`, ...w }));
  const depth = new Map<string, number>();
  for (const n of nodes) {
    const ins = edges.filter((e) => e.target === n.id).map((e) => depth.get(e.source) ?? 0);
    depth.set(n.id, ins.length ? Math.max(...ins) + 1 : 0);
  }
  const column = new Map<number, number>();
  for (const n of nodes) {
    const d = depth.get(n.id)!;
    n.position = { x: 280 * (column.get(d) ?? 0), y: 120 * d };
    column.set(d, (column.get(d) ?? 0) + 1);
  }
  const name = options.name ?? (g.name || 'Imported ONNX model');
  return {
    document: { format: 'layerloom', version: CURRENT_VERSION, name, nodes, edges },
    weights: s.weights,
    warnings,
  };
}
