import type { JsonValue } from '../../document/types';
import type { In } from './emit-spatial';
import { toChannelsLast } from './layout';
import { filled, type NodeWeights } from './tensors';
import { PytorchExportError, type EmittedNode } from './types';

type Params = Record<string, JsonValue>;
type Kind = 'SimpleRNN' | 'LSTM' | 'GRU';

const GATES: Record<Kind, number> = { SimpleRNN: 1, LSTM: 4, GRU: 3 };

/** What both ways of emitting a recurrent node read off its params and input. */
function recurrentSetup(type: Kind, p: Params, input: In) {
  const [steps, features] = input.l.shape as [number, number];
  const units = p['units'] as number;
  const gates = GATES[type];
  const returnSequences = p['returnSequences'] === true;
  return {
    features,
    units,
    gates,
    useBias: p['useBias'] !== false,
    returnSequences,
    activation: String(p['activation'] ?? 'tanh'),
    recurrent: String(p['recurrentActivation'] ?? 'hardSigmoid'),
    x: toChannelsLast(input.v, input.l),
    kShape: [features, gates * units],
    rShape: [units, gates * units],
    out: { shape: returnSequences ? [steps, units] : [units], channelsFirst: false },
    what: `${type} ${units} units${returnSequences ? ', every step' : ''}`,
  };
}

/**
 * torch's nn.LSTM / nn.RNN when their fixed activations match the node's (the gate order i, f, c/g, o
 * is the same in both frameworks); otherwise, and always for GRU (tfjs applies the reset gate
 * before the recurrent matmul, torch after), a small module with Keras's equations and weight layout.
 */
export function emitRecurrent(type: Kind, id: string, p: Params, input: In, w: NodeWeights): EmittedNode {
  if (input.l.shape.length !== 2)
    throw new PytorchExportError(
      `${type} "${id}" needs sequences [steps, features], but its input has shape [${input.l.shape.join(', ')}]`,
      'add a Reshape to [steps, features] before it',
      id,
      'inputs',
    );
  const s = recurrentSetup(type, p, input);
  const native =
    (type === 'LSTM' && s.activation === 'tanh' && s.recurrent === 'sigmoid') ||
    (type === 'SimpleRNN' && (s.activation === 'tanh' || s.activation === 'relu'));
  if (native) {
    const cls = type === 'LSTM' ? 'nn.LSTM' : 'nn.RNN';
    const args = [`${s.features}`, `${s.units}`, 'batch_first=True'];
    if (type === 'SimpleRNN' && s.activation === 'relu') args.push('nonlinearity="relu"');
    if (!s.useBias) args.push('bias=False');
    return {
      module: `${cls}(${args.join(', ')})`,
      expr: `self.{name}(${s.x})[0]${s.returnSequences ? '' : '[:, -1]'}`,
      summary: s.what,
      out: s.out,
      state: {
        weight_ih_l0: w.permuted('kernel', s.kShape, [1, 0]),
        weight_hh_l0: w.permuted('recurrent_kernel', s.rShape, [1, 0]),
        // Keras has one bias; torch adds two, so the second is zero.
        ...(s.useBias
          ? { bias_ih_l0: w.same('bias', [s.gates * s.units]), bias_hh_l0: filled([s.gates * s.units], 0) }
          : {}),
      },
      // Keras's one bias is torch's bias_ih + bias_hh (both trained), so no torch weight is that bias.
      penalised: { kernel: 'weight_ih_l0' },
      helpers: [],
      notes: [],
    };
  }
  return emitRecurrentKeras(type, id, p, input, w);
}

/** The Keras-equation module (KerasLSTM / KerasGRU / KerasSimpleRNN) with Keras's weight layout. */
function emitRecurrentKeras(type: Kind, id: string, p: Params, input: In, w: NodeWeights): EmittedNode {
  const s = recurrentSetup(type, p, input);
  const cls = `Keras${type === 'SimpleRNN' ? 'SimpleRNN' : type}`;
  const args = [`${s.features}`, `${s.units}`, `activation="${s.activation}"`];
  if (type !== 'SimpleRNN') args.push(`recurrent_activation="${s.recurrent}"`);
  if (!s.useBias) args.push('use_bias=False');
  if (s.returnSequences) args.push('return_sequences=True');
  const why =
    type === 'GRU'
      ? 'tfjs applies the reset gate before the recurrent matmul (Keras reset_after=False); nn.GRU applies it after'
      : `nn.${type === 'LSTM' ? 'LSTM' : 'RNN'} has fixed activations and the node uses ${type === 'LSTM' ? `${s.recurrent} gates` : s.activation}`;
  return {
    module: `${cls}(${args.join(', ')})`,
    expr: `self.{name}(${s.x})`,
    summary: `${s.what} (Keras equations)`,
    out: s.out,
    state: {
      kernel: w.same('kernel', s.kShape),
      recurrent_kernel: w.same('recurrent_kernel', s.rShape),
      ...(s.useBias ? { bias: w.same('bias', [s.gates * s.units]) } : {}),
    },
    penalised: { kernel: 'kernel', bias: 'bias' },
    helpers: [cls],
    notes: [`"${id}": ${why}, so model.py steps through time with ${cls} (Keras weight layout).`],
  };
}

/**
 * Bidirectional: two Keras-equation recurrent modules (forward, and backward over the reversed
 * steps) joined as tfjs joins them, so every inner kind and gate activation keeps its equations.
 */
export function emitBidirectional(id: string, p: Params, input: In, w: NodeWeights): EmittedNode {
  const kind = String(p['layer'] ?? 'LSTM') as Kind;
  if (!(kind in GATES))
    throw new PytorchExportError(
      `Bidirectional "${id}": layer ${JSON.stringify(kind)} is not LSTM, GRU or SimpleRNN`,
      'choose LSTM, GRU or SimpleRNN',
      id,
      'layer',
    );
  if (input.l.shape.length !== 2)
    throw new PytorchExportError(
      `Bidirectional "${id}" needs sequences [steps, features], but its input has shape [${input.l.shape.join(', ')}]`,
      'add a Reshape to [steps, features] before it',
      id,
      'inputs',
    );
  const mode = String(p['mergeMode'] ?? 'concat');
  if (!['concat', 'sum', 'mul', 'ave'].includes(mode))
    throw new PytorchExportError(
      `Bidirectional "${id}": merge mode ${JSON.stringify(mode)} has no PyTorch mapping`,
      'choose concat, sum, mul or ave',
      id,
      'mergeMode',
    );
  const halves = (['forward', 'backward'] as const).map((dir) => {
    return emitRecurrentKeras(kind, id, p, input, w.under(`${dir}_${kind.toLowerCase()}/`));
  });
  const [fw, bw] = halves as [EmittedNode, EmittedNode];
  const units = p['units'] as number;
  const returnSequences = p['returnSequences'] === true;
  const width = mode === 'concat' ? 2 * units : units;
  const state: EmittedNode['state'] = {};
  for (const [k, v] of Object.entries(fw.state)) state[`forward_layer.${k}`] = v;
  for (const [k, v] of Object.entries(bw.state)) state[`backward_layer.${k}`] = v;
  return {
    module: `KerasBidirectional(${fw.module!}, ${bw.module!}, merge_mode="${mode}", return_sequences=${returnSequences ? 'True' : 'False'})`,
    expr: `self.{name}(${toChannelsLast(input.v, input.l)})`,
    summary: `Bidirectional ${kind} ${units} units, ${mode}${returnSequences ? ', every step' : ''} (Keras equations)`,
    out: { shape: returnSequences ? [input.l.shape[0]!, width] : [width], channelsFirst: false },
    state,
    helpers: ['KerasBidirectional', ...fw.helpers],
    notes: [
      `"${id}": the backward ${kind} reads the steps in reverse (its sequence output is reversed back), then the halves are joined by "${mode}", as tfjs's Bidirectional does.`,
    ],
  };
}
