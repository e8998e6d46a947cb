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

/** Sequence layers become ONNX RNN / LSTM / GRU ops on [steps, batch, features], transposed around. */
export function emitRecurrent(ctx: EmitContext): Emitted {
  const { b, id } = ctx;
  const type = ctx.type as 'SimpleRNN' | 'LSTM' | 'GRU';
  const order = GATE_ORDER[type];
  const units = ctx.p['units'] as number;
  const [steps, features] = ctx.inShapes[0]!;
  if (steps === undefined || features === undefined)
    fail(ctx, 'inputs', 'its input is not a sequence [steps, features]', 'feed it a sequence');
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
  if (type === 'LSTM') ['recurrentActivation', 'activation', 'activation'].forEach(use);
  else if (type === 'GRU') ['recurrentActivation', 'activation'].forEach(use);
  else use('activation');

  const kernel = ctx.weight('kernel');
  const recurrent = ctx.weight('recurrent_kernel');
  const gates = order.length * units;
  const w = b.floats(`${id}/kernel`, [1, gates, features], toOnnxGates(kernel.data, features, units, order));
  const r = b.floats(
    `${id}/recurrent_kernel`,
    [1, gates, units],
    toOnnxGates(recurrent.data, units, units, order),
  );
  let bias = '';
  if (ctx.p['useBias'] !== false) {
    const tf = ctx.weight('bias').data;
    const both = new Float32Array(2 * gates);
    order.forEach((src, dst) => both.set(tf.subarray(src * units, (src + 1) * units), dst * units));
    bias = b.floats(`${id}/bias`, [1, 2 * gates], both);
  }
  const x = b.op('Transpose', [ctx.ins[0]!.in(b, 'cl', id)], `${id}/layout`, { perm: [1, 0, 2] });
  const y = b.unique(`${id}/Y`);
  const yh = b.unique(`${id}/Y_h`);
  const alphas = activations.flatMap((a) => (a.alpha === undefined ? [] : [a.alpha]));
  const betas = activations.flatMap((a) => (a.beta === undefined ? [] : [a.beta]));
  const attrs = [
    attr('hidden_size', units),
    attr('direction', 'forward'),
    attr(
      'activations',
      activations.map((a) => a.name),
    ),
    ...(alphas.length ? [attr('activation_alpha', alphas, true)] : []),
    ...(betas.length ? [attr('activation_beta', betas, true)] : []),
    ...(type === 'GRU' ? [attr('linear_before_reset', 0)] : []),
  ];
  b.opMulti(type === 'SimpleRNN' ? 'RNN' : type, bias ? [x, w, r, bias] : [x, w, r], id, [y, yh], attrs);
  if (ctx.p['returnSequences'] === true) {
    const seq = b.op('Squeeze', [y, b.int64s(`${id}/axes`, [1])], id);
    return { name: b.op('Transpose', [seq], id, { perm: [1, 0, 2] }), layout: 'cl' };
  }
  return { name: b.op('Squeeze', [yh, b.int64s(`${id}/axes`, [0])], id), layout: 'cl' };
}
