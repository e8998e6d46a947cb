import type { ActivationId } from '../catalogue/identifiers';
import { attr } from './builder';
import { RNN_ACTIVATIONS } from './export-activations';
import type { EmitContext, Emitted } from './export-context';
import { fail, transpose } from './export-context';

/**
 * Gate blocks of ONNX's weights, as indices into tfjs's blocks. tfjs LSTM: i, f, c, o; ONNX: i, o, f, c.
 * GRU is z, r, h in both (tfjs applies the reset gate before the recurrent matmul, which is ONNX's
 * linear_before_reset = 0, and has no recurrent bias). SimpleRNN has one block.
 */
export const GATE_ORDER: Record<'SimpleRNN' | 'LSTM' | 'GRU', number[]> = {
  SimpleRNN: [0],
  LSTM: [0, 3, 1, 2],
  GRU: [0, 1, 2],
};

/** tfjs `[in, gates*units]` → ONNX `[1, gates*units, in]` with the gate blocks reordered. */
export function toOnnxGates(data: Float32Array, rows: number, units: number, order: number[]): Float32Array {
  const t = transpose(data, [rows, order.length * units], [1, 0]);
  const out = new Float32Array(t.length);
  order.forEach((src, dst) =>
    out.set(t.subarray(src * units * rows, (src + 1) * units * rows), dst * units * rows),
  );
  return out;
}

type Kind = 'SimpleRNN' | 'LSTM' | 'GRU';

/** Sequence layers become ONNX RNN / LSTM / GRU ops on [steps, batch, features], transposed around. */
export function emitRecurrent(ctx: EmitContext): Emitted {
  return recurrentOp(ctx, ctx.type as Kind, ['']);
}

/**
 * Bidirectional: one ONNX op with direction "bidirectional" (the reverse direction reads the steps
 * backwards and writes its outputs at their own steps, as tfjs's Bidirectional reverses them back),
 * then tfjs's merge of the two directions: concat (forward first), sum, mul or ave.
 */
export function emitBidirectional(ctx: EmitContext): Emitted {
  const kind = ctx.p['layer'] as Kind;
  if (!(kind in GATE_ORDER))
    fail(ctx, 'layer', `layer ${JSON.stringify(kind)} is not LSTM, GRU or SimpleRNN`, 'choose one of them');
  const mode = String(ctx.p['mergeMode'] ?? 'concat');
  if (!['concat', 'sum', 'mul', 'ave'].includes(mode))
    fail(
      ctx,
      'mergeMode',
      `merge mode ${JSON.stringify(mode)} has no ONNX mapping`,
      'choose concat, sum, mul or ave',
    );
  const low = kind.toLowerCase();
  return recurrentOp(ctx, kind, [`forward_${low}/`, `backward_${low}/`], mode);
}

function recurrentOp(ctx: EmitContext, type: Kind, prefixes: string[], mode = 'concat'): Emitted {
  const { b, id } = ctx;
  const order = GATE_ORDER[type];
  const units = ctx.p['units'] as number;
  const [steps, features] = ctx.inShapes[0]!;
  if (steps === undefined || features === undefined)
    fail(ctx, 'inputs', 'its input is not a sequence [steps, features]', 'feed it a sequence');
  const dirs = prefixes.length;
  const activations: { name: string; alpha?: number; beta?: number }[] = [];
  const use = (key: string) => {
    const spec = RNN_ACTIVATIONS[ctx.p[key] as ActivationId];
    if (!spec)
      fail(
        ctx,
        key,
        `ONNX ${type === 'SimpleRNN' ? 'RNN' : type} cannot apply ${String(ctx.p[key])}`,
        'choose tanh, sigmoid, hardSigmoid, relu, softsign, softplus, elu or linear',
      );
    activations.push(spec);
  };
  for (let d = 0; d < dirs; d++) {
    if (type === 'LSTM') ['recurrentActivation', 'activation', 'activation'].forEach(use);
    else if (type === 'GRU') ['recurrentActivation', 'activation'].forEach(use);
    else use('activation');
  }

  const gates = order.length * units;
  const stack = (key: string, rows: number) => {
    const out = new Float32Array(dirs * gates * rows);
    prefixes.forEach((pre, d) =>
      out.set(toOnnxGates(ctx.weight(pre + key).data, rows, units, order), d * gates * rows),
    );
    return out;
  };
  const w = b.floats(`${id}/kernel`, [dirs, gates, features], stack('kernel', features));
  const r = b.floats(`${id}/recurrent_kernel`, [dirs, gates, units], stack('recurrent_kernel', units));
  let bias = '';
  if (ctx.p['useBias'] !== false) {
    const both = new Float32Array(dirs * 2 * gates);
    prefixes.forEach((pre, d) => {
      const tf = ctx.weight(pre + 'bias').data;
      order.forEach((src, dst) =>
        both.set(tf.subarray(src * units, (src + 1) * units), d * 2 * gates + dst * units),
      );
    });
    bias = b.floats(`${id}/bias`, [dirs, 2 * gates], both);
  }
  const x = b.op('Transpose', [ctx.ins[0]!.in(b, 'cl', id)], `${id}/layout`, { perm: [1, 0, 2] });
  const y = b.unique(`${id}/Y`);
  const yh = b.unique(`${id}/Y_h`);
  const alphas = activations.flatMap((a) => (a.alpha === undefined ? [] : [a.alpha]));
  const betas = activations.flatMap((a) => (a.beta === undefined ? [] : [a.beta]));
  const attrs = [
    attr('hidden_size', units),
    attr('direction', dirs === 2 ? 'bidirectional' : 'forward'),
    attr(
      'activations',
      activations.map((a) => a.name),
    ),
    ...(alphas.length ? [attr('activation_alpha', alphas, true)] : []),
    ...(betas.length ? [attr('activation_beta', betas, true)] : []),
    ...(type === 'GRU' ? [attr('linear_before_reset', 0)] : []),
  ];
  b.opMulti(type === 'SimpleRNN' ? 'RNN' : type, bias ? [x, w, r, bias] : [x, w, r], id, [y, yh], attrs);
  const sequences = ctx.p['returnSequences'] === true;
  if (dirs === 1) {
    if (sequences) {
      const seq = b.op('Squeeze', [y, b.int64s(`${id}/axes`, [1])], id);
      return { name: b.op('Transpose', [seq], id, { perm: [1, 0, 2] }), layout: 'cl' };
    }
    return { name: b.op('Squeeze', [yh, b.int64s(`${id}/axes`, [0])], id), layout: 'cl' };
  }
  // Y [steps, 2, N, units] → [N, steps, 2, units]; Y_h [2, N, units] → [N, 2, units]. Merge on the direction axis.
  const t = sequences
    ? b.op('Transpose', [y], id, { perm: [2, 0, 1, 3] })
    : b.op('Transpose', [yh], id, { perm: [1, 0, 2] });
  const axis = sequences ? 2 : 1;
  if (mode === 'concat') {
    const shape = b.int64s(`${id}/shape`, sequences ? [-1, steps, 2 * units] : [-1, 2 * units]);
    return { name: b.op('Reshape', [t, shape], id), layout: 'cl' };
  }
  if (mode === 'sum')
    return {
      name: b.op('ReduceSum', [t, b.int64s(`${id}/axes`, [axis])], id, { keepdims: 0 }),
      layout: 'cl',
    };
  const op = mode === 'mul' ? 'ReduceProd' : 'ReduceMean';
  return { name: b.op(op, [t], id, { axes: [axis], keepdims: 0 }), layout: 'cl' };
}
