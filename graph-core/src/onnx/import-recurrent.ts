import type { ActivationId } from '../catalogue/identifiers';
import type { JsonValue } from '../document/types';
import { transpose } from './export-context';
import { GATE_ORDER } from './export-recurrent';
import { attrFloats, attrInt, attrInts, attrString, attrStrings } from './import-attrs';
import type { ImportState } from './import-state';
import { isZeroState } from './import-shapes';
import { sameList, Unsupported } from './import-state';
import type { OnnxNode } from './proto';

const DEFAULTS: Record<string, string[]> = {
  LSTM: ['Sigmoid', 'Tanh', 'Tanh'],
  GRU: ['Sigmoid', 'Tanh'],
  RNN: ['Tanh'],
};

/** ONNX RNN activation names (with the alpha/beta each consumes) back to tfjs activations. */
function activations(op: OnnxNode): ActivationId[] {
  const names = attrStrings(op, 'activations') ?? DEFAULTS[op.opType]!;
  const alphas = [...(attrFloats(op, 'activation_alpha') ?? [])];
  const betas = [...(attrFloats(op, 'activation_beta') ?? [])];
  return names.map((name): ActivationId => {
    switch (name.toLowerCase()) {
      case 'sigmoid':
        return 'sigmoid';
      case 'tanh':
        return 'tanh';
      case 'relu':
        return 'relu';
      case 'softsign':
        return 'softsign';
      case 'softplus':
        return 'softplus';
      case 'hardsigmoid': {
        const [a, b] = [alphas.shift() ?? 0.2, betas.shift() ?? 0.5];
        if (Math.abs(a - 0.2) < 1e-6 && Math.abs(b - 0.5) < 1e-6) return 'hardSigmoid';
        break;
      }
      case 'elu':
        if ((alphas.shift() ?? 1) === 1) return 'elu';
        break;
      case 'affine':
        if ((alphas.shift() ?? 1) === 1 && (betas.shift() ?? 0) === 0) return 'linear';
        break;
    }
    throw new Unsupported(op, `its activation ${name} has no tfjs counterpart`);
  });
}

/** ONNX `[1, gates*units, cols]` → tfjs `[cols, gates*units]` with the gate blocks put back in tfjs order. */
function fromOnnxGates(data: Float32Array, cols: number, units: number, order: number[]): Float32Array {
  const tfOrder = new Float32Array(data.length);
  const block = units * cols;
  order.forEach((src, dst) => tfOrder.set(data.subarray(dst * block, (dst + 1) * block), src * block));
  return transpose(tfOrder, [order.length * units, cols], [1, 0]);
}

/** ONNX LSTM / GRU / RNN ops over a batch-first sequence (transposed to steps first) → Layerloom's. */
export function recurrent(s: ImportState, op: OnnxNode): void {
  const type = op.opType === 'RNN' ? 'SimpleRNN' : (op.opType as 'LSTM' | 'GRU');
  const x = s.val(op, 0);
  if (!sameList(x.perm, [1, 0, 2]) || x.order)
    throw new Unsupported(op, 'its input is not a batch-first sequence transposed to steps first');
  const direction = attrString(op, 'direction', 'forward');
  if (direction === 'reverse')
    throw new Unsupported(op, 'it runs backwards only; Layerloom runs backwards only inside Bidirectional');
  // torch.onnx.export passes zero initial states built from the batch size: the same as none.
  if (op.input.slice(4).some((name, k) => name !== '' && !((k === 1 || k === 2) && isZeroState(s, name))))
    throw new Unsupported(op, 'it takes sequence lengths, initial states or peepholes');
  if (type === 'GRU' && attrInt(op, 'linear_before_reset', 0) !== 0)
    throw new Unsupported(
      op,
      "linear_before_reset = 1 (PyTorch's GRU, Keras reset_after=True) applies the reset gate after the recurrent matmul; tfjs 4.22 GRU supports only reset_after=False, so the weights cannot give the same outputs. Replace the placeholder with a Layerloom GRU and train it",
    );
  const w = s.constant(op, 1);
  const r = s.constant(op, 2);
  if (!w || !r) throw new Unsupported(op, 'its weights are computed, not stored');
  const order = GATE_ORDER[type];
  const units = r.dims[2]!;
  const features = w.dims[2]!;
  const dirs = direction === 'bidirectional' ? 2 : 1;
  const all = activations(op);
  const acts = all.slice(0, all.length / dirs);
  if (dirs === 2 && all.slice(acts.length).join() !== acts.join())
    throw new Unsupported(
      op,
      'its two directions use different activations; Bidirectional uses one layer config',
    );
  if (type === 'LSTM' && acts[1] !== acts[2])
    throw new Unsupported(op, 'its cell and output activations differ; tfjs LSTM uses one for both');
  const yUsed = (s.consumers.get(op.output[0] ?? '')?.length ?? 0) > 0;
  const hUsed = (s.consumers.get(op.output[1] ?? '')?.length ?? 0) > 0;
  const cUsed = (s.consumers.get(op.output[2] ?? '')?.length ?? 0) > 0;
  if ((yUsed && hUsed) || cUsed) throw new Unsupported(op, 'more than one of its outputs is used');
  const b = s.constant(op, 3);
  const params: Record<string, JsonValue> =
    type === 'SimpleRNN'
      ? { units, activation: acts[0]! }
      : { units, activation: acts[1]!, recurrentActivation: acts[0]! };
  const steps = x.shape[0]!;
  const tail = dirs === 2 ? bidirectionalTail(s, op, yUsed, steps, units) : null;
  const id =
    dirs === 2
      ? s.addNode(
          op,
          'Bidirectional',
          { layer: type, ...params, returnSequences: yUsed, useBias: b !== null, mergeMode: tail!.mode },
          [x],
        )
      : s.addNode(op, type, { ...params, returnSequences: yUsed, useBias: b !== null }, [x]);
  const gates = order.length * units;
  for (let d = 0; d < dirs; d++) {
    const key = (k: string) => (dirs === 2 ? `${d ? 'backward' : 'forward'}_${type.toLowerCase()}/${k}` : k);
    const part = (c: { data: Float32Array }, cols: number) =>
      c.data.subarray(d * gates * cols, (d + 1) * gates * cols);
    s.addWeight(
      id,
      key('kernel'),
      [features, gates],
      fromOnnxGates(part(w, features), features, units, order),
    );
    s.addWeight(
      id,
      key('recurrent_kernel'),
      [units, gates],
      fromOnnxGates(part(r, units), units, units, order),
    );
    if (b) {
      const both = b.data.subarray(d * 2 * gates, (d + 1) * 2 * gates);
      const bias = new Float32Array(gates);
      order.forEach((src, dst) => {
        for (let i = 0; i < units; i++)
          bias[src * units + i] = both[dst * units + i]! + both[gates + dst * units + i]!;
      });
      s.addWeight(id, key('bias'), [gates], bias);
    }
  }
  if (tail) {
    const width = tail.mode === 'concat' ? 2 * units : units;
    s.set(tail.output, {
      node: id,
      shape: yUsed ? [steps, width] : [width],
      perm: yUsed ? [0, 1, 2] : [0, 1],
    });
    return;
  }
  if (yUsed) s.set(op.output[0]!, { node: id, shape: [steps, units], perm: [0, 1, 2], rnn: 'Y' });
  if (hUsed) s.set(op.output[1]!, { node: id, shape: [units], perm: [0, 1, 2], rnn: 'Y_h' });
}

/**
 * How a bidirectional op's outputs are joined, as the ONNX exporter writes tfjs's Bidirectional:
 * Transpose to batch first, then Reshape (concat, forward first), ReduceSum, ReduceProd or
 * ReduceMean over the direction axis. Those ops are absorbed into the Bidirectional node.
 */
function bidirectionalTail(
  s: ImportState,
  op: OnnxNode,
  sequences: boolean,
  steps: number,
  units: number,
): { mode: string; output: string } {
  const refuse = (): never => {
    throw new Unsupported(
      op,
      "its two directions are not joined as tfjs's Bidirectional joins them (Transpose to batch first, then Reshape, ReduceSum, ReduceProd or ReduceMean over the direction axis)",
    );
  };
  const t = s.soleReader(op.output[sequences ? 0 : 1] ?? '');
  const perm = t?.opType === 'Transpose' ? attrInts(t, 'perm') : null;
  if (!t || !perm || !sameList(perm, sequences ? [2, 0, 1, 3] : [1, 0, 2])) return refuse();
  const m = s.soleReader(t.output[0]!);
  const axis = sequences ? 2 : 1;
  let mode: string | null = null;
  if (m?.opType === 'Reshape') {
    const shape = s.constant(m, 1);
    const want = sequences ? [steps, 2 * units] : [2 * units];
    if (shape && sameList(Array.from(shape.data).slice(1), want)) mode = 'concat';
  } else if (m && attrInt(m, 'keepdims', 1) === 0) {
    const axes = m.opType === 'ReduceSum' ? Array.from(s.constant(m, 1)?.data ?? []) : attrInts(m, 'axes');
    const named: Record<string, string> = { ReduceSum: 'sum', ReduceProd: 'mul', ReduceMean: 'ave' };
    if (axes && sameList(axes, [axis]) && named[m.opType]) mode = named[m.opType]!;
  }
  if (!mode || !m) return refuse();
  s.absorbed.add(t);
  s.absorbed.add(m);
  return { mode, output: m.output[0]! };
}

/**
 * torch's `y[:, -1]` (Gather of the last step from an RNN's sequence) is the RNN without
 * returnSequences; `h[-1]` (Gather of the one direction from Y_h) is Y_h squeezed. Anything else
 * gathered from a layer output is refused.
 */
export function lastStep(s: ImportState, op: OnnxNode): void {
  const x = s.val(op, 0);
  const idx = s.constant(op, 1);
  const axis = attrInt(op, 'axis', 0);
  const r = x.perm.length;
  const at = idx && idx.dims.length === 0 ? idx.data[0]! : NaN;
  if (x.rnn === 'Y_h' && axis === 0 && (at === -1 || at === 0))
    return s.set(op.output[0]!, { node: x.node, shape: x.shape, perm: [0, 1] });
  const node = s.nodes.find((n) => n.id === x.node);
  const steps = x.shape[0]!;
  // The sequence must reach this Gather alone: its other names (Y, squeezed, transposed) read once each.
  const names = [...s.slots].filter(([, v]) => 'val' in v && v.val.node === x.node).map(([k]) => k);
  const chain = names.every((n) => (s.consumers.get(n)?.length ?? 0) <= 1);
  const recurrentNode = node && ['LSTM', 'GRU', 'SimpleRNN'].includes(node.type);
  if (
    !recurrentNode ||
    node.params['returnSequences'] !== true ||
    r !== 3 ||
    x.perm[axis] !== 1 ||
    (at !== -1 && at !== steps - 1) ||
    !chain ||
    s.wires.some((w) => w.source === x.node)
  )
    throw new Unsupported(
      op,
      `attribute axis = ${axis}, indices ${idx ? `[${Array.from(idx.data).join(', ')}]` : '(computed)'}: Layerloom gathers from a layer output only the last step of an RNN's sequence (y[:, -1])`,
    );
  node.params['returnSequences'] = false;
  s.set(op.output[0]!, { node: x.node, shape: [x.shape[1]!], perm: [0, 1] });
}
