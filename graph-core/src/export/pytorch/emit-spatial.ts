import type { JsonValue } from '../../document/types';
import { activationExpr, lastDim, samePadding, toChannelsFirst } from './layout';
import { i64 } from './npy';
import type { NodeWeights } from './tensors';
import { filled } from './tensors';
import { PytorchExportError, type EmittedNode, type Layout } from './types';

type Params = Record<string, JsonValue>;
export interface In {
  v: string;
  l: Layout;
}

/** A window param: a list, or one int meaning that value on every axis (as tfjs accepts). */
export const ints = (p: Params, name: string, n: number): number[] => {
  const v = p[name];
  if (typeof v === 'number') return Array<number>(n).fill(v);
  return Array.isArray(v) ? (v as number[]) : [];
};
export const tuple = (xs: readonly number[]) => (xs.length === 1 ? `${xs[0]}` : `(${xs.join(', ')})`);
export const act = (p: Params) => (typeof p['activation'] === 'string' ? p['activation'] : 'linear') as never;

export function needRank(type: string, id: string, l: Layout, ranks: number[], what: string): void {
  if (!ranks.includes(l.shape.length))
    throw new PytorchExportError(
      `${type} "${id}" needs ${what}, but its input has shape [${l.shape.join(', ')}]`,
      'add a Reshape before it',
      id,
      'inputs',
    );
}

/**
 * Padding for a sliding window. `same` becomes the layer's own symmetric padding when TensorFlow's
 * padding is symmetric, else an explicit F.pad (TF puts the odd extra pixel at the end).
 */
export function windowPadding(
  p: Params,
  sizes: readonly number[],
  kernel: readonly number[],
  strides: readonly number[],
): { symmetric: number[] | null; pad: number[] | null } {
  if (p['padding'] !== 'same') return { symmetric: null, pad: null };
  const pads = sizes.map((s, i) => samePadding(s, kernel[i]!, strides[i]!));
  if (pads.every(([a, b]) => a === b)) {
    return pads.every(([a]) => a === 0)
      ? { symmetric: null, pad: null }
      : { symmetric: pads.map(([a]) => a), pad: null };
  }
  // F.pad lists the last dim first.
  return { symmetric: null, pad: [...pads].reverse().flat() };
}

export function emitConv(
  type: 'Conv1D' | 'Conv2D',
  id: string,
  p: Params,
  input: In,
  w: NodeWeights,
): EmittedNode {
  const dims = type === 'Conv2D' ? 2 : 1;
  needRank(
    type,
    id,
    input.l,
    [dims + 1],
    dims === 2 ? 'images [height, width, channels]' : 'sequences [steps, channels]',
  );
  const kernel = ints(p, 'kernelSize', dims);
  const strides = ints(p, 'strides', dims);
  const filters = p['filters'] as number;
  const inC = input.l.shape[dims]!;
  const sizes = input.l.shape.slice(0, dims);
  const useBias = p['useBias'] !== false;
  const { symmetric, pad } = windowPadding(p, sizes, kernel, strides);
  const args = [`${inC}`, `${filters}`, `kernel_size=${tuple(kernel)}`];
  if (strides.some((s) => s !== 1)) args.push(`stride=${tuple(strides)}`);
  if (symmetric) args.push(`padding=${tuple(symmetric)}`);
  if (!useBias) args.push('bias=False');
  const cf = toChannelsFirst(input.v, input.l);
  const x = pad ? `F.pad(${cf}, (${pad.join(', ')}))` : cf;
  const outSizes = sizes.map((s, i) =>
    p['padding'] === 'same' ? Math.ceil(s / strides[i]!) : Math.floor((s - kernel[i]!) / strides[i]!) + 1,
  );
  const out: Layout = { shape: [...outSizes, filters], channelsFirst: true };
  const a = activationExpr(act(p), `self.${'{name}'}(${x})`, lastDim(out));
  const kShape = [...kernel, inC, filters];
  const state = {
    // Keras [kh, kw, in, out] → torch [out, in, kh, kw].
    weight: w.permuted('kernel', kShape, dims === 2 ? [3, 2, 0, 1] : [2, 1, 0]),
    ...(useBias ? { bias: w.same('bias', [filters]) } : {}),
  };
  return {
    module: `nn.Conv${dims}d(${args.join(', ')})`,
    expr: a.expr,
    summary: `${type} ${filters} filters ${kernel.join('×')}${strides.some((s) => s !== 1) ? ` stride ${strides.join('×')}` : ''}, ${String(p['padding'])}${act(p) === 'linear' ? '' : `, ${String(act(p))}`}`,
    out,
    state,
    penalised: { kernel: 'weight', bias: 'bias' },
    helpers: a.helper ? [a.helper] : [],
    notes: pad
      ? [
          `"${id}": TensorFlow pads "same" unevenly here; model.py pads explicitly with F.pad (${pad.join(', ')}).`,
        ]
      : [],
  };
}

export function emitPool(
  type: 'MaxPooling2D' | 'AveragePooling2D',
  id: string,
  p: Params,
  input: In,
): EmittedNode {
  needRank(type, id, input.l, [3], 'images [height, width, channels]');
  const kernel = ints(p, 'poolSize', 2);
  const strides = p['strides'] === null || p['strides'] === undefined ? kernel : ints(p, 'strides', 2);
  const sizes = input.l.shape.slice(0, 2);
  const { symmetric, pad } = windowPadding(p, sizes, kernel, strides);
  const cf = toChannelsFirst(input.v, input.l);
  const outSizes = sizes.map((s, i) =>
    p['padding'] === 'same' ? Math.ceil(s / strides[i]!) : Math.floor((s - kernel[i]!) / strides[i]!) + 1,
  );
  const out: Layout = { shape: [...outSizes, input.l.shape[2]!], channelsFirst: true };
  const summary = `${type} ${kernel.join('×')} stride ${strides.join('×')}, ${String(p['padding'])}`;
  const base = { summary, out, state: {}, notes: [] as string[] };
  const args = `${tuple(kernel)}, stride=${tuple(strides)}`;
  if (type === 'MaxPooling2D') {
    // TF's max pool ignores the padding; padding with -inf does the same.
    const x = pad ? `F.pad(${cf}, (${pad.join(', ')}), value=float("-inf"))` : cf;
    const sym = symmetric ? `, padding=${tuple(symmetric)}` : '';
    return { ...base, module: `nn.MaxPool2d(${args}${sym})`, expr: `self.{name}(${x})`, helpers: [] };
  }
  if (pad)
    return {
      ...base,
      expr: `avg_pool_same(${cf}, ${tuple(kernel)}, ${tuple(strides)}, (${pad.join(', ')}))`,
      helpers: ['avg_pool_same'],
      notes: [
        `"${id}": average pooling with uneven "same" padding averages only real pixels, as TensorFlow does (helper avg_pool_same).`,
      ],
    };
  // TF averages over the pixels inside the image only: count_include_pad=False.
  const sym = symmetric ? `, padding=${tuple(symmetric)}, count_include_pad=False` : '';
  return { ...base, module: `nn.AvgPool2d(${args}${sym})`, expr: `self.{name}(${cf})`, helpers: [] };
}

export function emitBatchNorm(id: string, p: Params, input: In, w: NodeWeights, frozen = false): EmittedNode {
  const rank = input.l.shape.length + 1;
  const axis = typeof p['axis'] === 'number' ? p['axis'] : -1;
  if (axis !== -1 && axis !== rank - 1)
    throw new PytorchExportError(
      `BatchNormalization "${id}": axis ${axis} is not the channel axis, and torch's BatchNorm normalises channels only`,
      'set axis to -1',
      id,
      'axis',
    );
  if (rank < 2 || rank > 4)
    throw new PytorchExportError(
      `BatchNormalization "${id}": inputs of rank ${rank} have no torch BatchNorm`,
      'use it on [features], [steps, channels] or images',
      id,
      'inputs',
    );
  const c = input.l.shape[input.l.shape.length - 1]!;
  const momentum = p['momentum'] as number;
  const eps = p['epsilon'] as number;
  const center = p['center'] !== false;
  const scale = p['scale'] !== false;
  const affine = center || scale;
  const x = rank === 2 ? input.v : toChannelsFirst(input.v, input.l);
  const out: Layout = { shape: [...input.l.shape], channelsFirst: rank > 2 };
  const torchMomentum = Number((1 - momentum).toPrecision(12));
  const args = [`${c}`, `eps=${eps}`, `momentum=${torchMomentum}`];
  if (!affine) args.push('affine=False');
  const state = {
    ...(affine ? { weight: scale ? w.same('gamma', [c]) : filled([c], 1) } : {}),
    ...(affine ? { bias: center ? w.same('beta', [c]) : filled([c], 0) } : {}),
    running_mean: w.same('moving_mean', [c]),
    running_var: w.same('moving_variance', [c]),
    num_batches_tracked: i64([], [0]),
  };
  const notes = [
    `"${id}": Keras momentum ${momentum} is torch momentum ${torchMomentum} (torch weighs the new batch, Keras the old average); torch updates running_var with the unbiased batch variance.`,
  ];
  if (affine && !(center && scale))
    notes.push(
      `"${id}": ${center ? 'scale' : 'center'} is off; model.py freezes that half of the affine parameters.`,
    );
  return {
    module: `nn.BatchNorm${rank === 4 ? 2 : 1}d(${args.join(', ')})`,
    // A frozen BatchNormalization normalises with its moving statistics, in training too (Keras).
    expr: frozen
      ? `F.batch_norm(${x}, self.{name}.running_mean, self.{name}.running_var, self.{name}.weight, self.{name}.bias, False, 0.0, ${eps})`
      : `self.{name}(${x})`,
    summary: `BatchNormalization eps ${eps}, momentum ${momentum}${frozen ? ', frozen (moving statistics)' : ''}`,
    out,
    state,
    helpers: [],
    notes,
    ...(affine && !(center && scale) ? { frozen: [center ? 'weight' : 'bias'] } : {}),
  };
}
