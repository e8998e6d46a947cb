import type { ActivationId } from '../catalogue/identifiers';
import { activate } from './export-activations';
import type { EmitContext, Emitted } from './export-context';
import { fail, paramInts, paramNumber, transpose } from './export-context';
import { emitConvTranspose, emitDepthwise, emitLayerNorm, emitPadCrop, emitUpSampling } from './export-more';
import { emitBidirectional, emitRecurrent } from './export-recurrent';

const act = (ctx: EmitContext, key = 'activation'): ActivationId => {
  const v = ctx.p[key];
  if (typeof v !== 'string') fail(ctx, key, `${key} is not an activation name`, `choose an activation`);
  return v as ActivationId;
};

const first = (ctx: EmitContext) => ctx.ins[0]!;
const axisOf = (ctx: EmitContext, rank: number): number => {
  const a = paramNumber(ctx, 'axis');
  const r = a < 0 ? rank + a : a;
  if (r < 1 || r >= rank)
    fail(
      ctx,
      'axis',
      `axis ${a} does not exist on a tensor of rank ${rank}`,
      `choose an axis from 1 to ${rank - 1} or -1`,
    );
  return r;
};

/** TF "same" padding: the total split with the extra cell at the end, as ONNX pads = [begins…, ends…]. */
function pads(ctx: EmitContext, spatial: number[], kernel: number[], strides: number[]): number[] {
  const same = ctx.p['padding'] === 'same';
  const begins: number[] = [];
  const ends: number[] = [];
  spatial.forEach((size, i) => {
    const k = kernel[i]!;
    const s = strides[i]!;
    const total = same ? Math.max((Math.ceil(size / s) - 1) * s + k - size, 0) : 0;
    begins.push(Math.floor(total / 2));
    ends.push(total - Math.floor(total / 2));
  });
  return [...begins, ...ends];
}

function dense(ctx: EmitContext): Emitted {
  const { b, id } = ctx;
  const kernel = ctx.weight('kernel');
  const x = first(ctx).in(b, 'cl', id);
  const w = b.floats(`${id}/kernel`, kernel.shape, kernel.data);
  const useBias = ctx.p['useBias'] !== false;
  const bias = useBias ? ctx.weight('bias') : null;
  const bName = bias ? b.floats(`${id}/bias`, bias.shape, bias.data) : null;
  let y: string;
  if (ctx.inShapes[0]!.length === 1) y = b.op('Gemm', bName ? [x, w, bName] : [x, w], id);
  else {
    y = b.op('MatMul', [x, w], id);
    if (bName) y = b.op('Add', [y, bName], id);
  }
  return { name: activate(b, y, act(ctx), id), layout: 'cl' };
}

function conv(ctx: EmitContext, dims: 1 | 2): Emitted {
  const { b, id } = ctx;
  const kernel = ctx.weight('kernel');
  const perm = dims === 2 ? [3, 2, 0, 1] : [2, 1, 0];
  const w = b.floats(
    `${id}/kernel`,
    perm.map((p) => kernel.shape[p]!),
    transpose(kernel.data, kernel.shape, perm),
  );
  const kernelShape = paramInts(ctx, 'kernelSize', dims);
  const strides = paramInts(ctx, 'strides', dims);
  const inputs = [first(ctx).in(b, 'cf', id), w];
  if (ctx.p['useBias'] !== false) {
    const bias = ctx.weight('bias');
    inputs.push(b.floats(`${id}/bias`, bias.shape, bias.data));
  }
  const spatial = ctx.inShapes[0]!.slice(0, dims);
  const y = b.op('Conv', inputs, id, {
    kernel_shape: kernelShape,
    strides,
    pads: pads(ctx, spatial, kernelShape, strides),
    dilations: kernelShape.map(() => 1),
    group: 1,
  });
  return { name: activate(b, y, act(ctx), id, true), layout: 'cf' };
}

function pool(ctx: EmitContext, op: 'MaxPool' | 'AveragePool'): Emitted {
  const { b, id } = ctx;
  const kernel = paramInts(ctx, 'poolSize', 2);
  const strides = ctx.p['strides'] == null ? kernel : paramInts(ctx, 'strides', 2);
  const attrs: Record<string, number | number[]> = {
    kernel_shape: kernel,
    strides,
    pads: pads(ctx, ctx.inShapes[0]!.slice(0, 2), kernel, strides),
  };
  // tfjs averages over the cells inside the image only, as ONNX does with count_include_pad = 0.
  if (op === 'AveragePool') attrs['count_include_pad'] = 0;
  return { name: b.op(op, [first(ctx).in(b, 'cf', id)], id, attrs), layout: 'cf' };
}

function batchNorm(ctx: EmitContext): Emitted {
  const { b, id } = ctx;
  const rank = ctx.inShapes[0]!.length + 1;
  const axis = axisOf(ctx, rank);
  if (axis !== rank - 1 && axis !== 1)
    fail(
      ctx,
      'axis',
      `ONNX BatchNormalization normalises along the channel axis only`,
      'use axis -1 (channels) or 1',
    );
  const layout = axis === rank - 1 ? 'cf' : 'cl';
  const x = first(ctx).in(b, layout, id);
  const mean = ctx.weight('moving_mean');
  const c = mean.shape[0]!;
  const ones = new Float32Array(c).fill(1);
  const gamma = ctx.p['scale'] !== false ? ctx.weight('gamma').data : ones;
  const beta = ctx.p['center'] !== false ? ctx.weight('beta').data : new Float32Array(c);
  const variance = ctx.weight('moving_variance');
  const y = b.op(
    'BatchNormalization',
    [
      x,
      // Fixed ones and zeros (scale / center off) are not the node's weights: named so the import sees it.
      b.floats(ctx.p['scale'] !== false ? `${id}/gamma` : `${id}/ones`, [c], gamma),
      b.floats(ctx.p['center'] !== false ? `${id}/beta` : `${id}/zeros`, [c], beta),
      b.floats(`${id}/moving_mean`, [c], mean.data),
      b.floats(`${id}/moving_variance`, [c], variance.data),
    ],
    id,
    { epsilon: paramNumber(ctx, 'epsilon'), momentum: paramNumber(ctx, 'momentum') },
    undefined,
    ['epsilon', 'momentum'],
  );
  return { name: y, layout };
}

function merge(ctx: EmitContext): Emitted {
  const { b, id } = ctx;
  const layout = ctx.ins.every((v) => v.names.cf) ? 'cf' : 'cl';
  const xs = ctx.ins.map((v) => v.in(b, layout, id));
  if (ctx.type === 'Average') return { name: b.op('Mean', xs, id), layout };
  if (ctx.type === 'Add') return { name: b.op(xs.length === 2 ? 'Add' : 'Sum', xs, id), layout };
  let y = xs[0]!;
  for (const x of xs.slice(1)) y = b.op('Mul', [y, x], id);
  return { name: y, layout };
}

/** Emits one layer node as ONNX ops; returns its result and the layout it is in. */
export function emitLayer(ctx: EmitContext): Emitted {
  const { b, id } = ctx;
  const x = first(ctx);
  const rank = (ctx.inShapes[0]?.length ?? 0) + 1;
  switch (ctx.type) {
    case 'Dense':
      return dense(ctx);
    case 'Conv1D':
      return conv(ctx, 1);
    case 'Conv2D':
      return conv(ctx, 2);
    case 'MaxPooling2D':
      return pool(ctx, 'MaxPool');
    case 'AveragePooling2D':
      return pool(ctx, 'AveragePool');
    case 'GlobalAveragePooling2D': {
      const layout = x.preferred();
      const axes = layout === 'cf' ? [2, 3] : [1, 2];
      return { name: b.op('ReduceMean', [x.in(b, layout, id)], id, { axes, keepdims: 0 }), layout: 'cl' };
    }
    case 'Flatten':
      return { name: b.op('Flatten', [x.in(b, 'cl', id)], id, { axis: 1 }), layout: 'cl' };
    case 'Reshape': {
      const shape = b.int64s(`${id}/shape`, [-1, ...ctx.outShape]);
      return { name: b.op('Reshape', [x.in(b, 'cl', id), shape], id), layout: 'cl' };
    }
    case 'Dropout': {
      const layout = x.preferred();
      const ratio = b.scalar(`${id}/ratio`, paramNumber(ctx, 'rate'));
      return { name: b.op('Dropout', [x.in(b, layout, id), ratio], id), layout };
    }
    case 'BatchNormalization':
      return batchNorm(ctx);
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU':
      return emitRecurrent(ctx);
    case 'Embedding': {
      const table = ctx.weight('embeddings');
      const ids = b.op('Cast', [x.in(b, 'cl', id)], `${id}/ids`, { to: 7 });
      const t = b.floats(`${id}/embeddings`, table.shape, table.data);
      return { name: b.op('Gather', [t, ids], id, { axis: 0 }), layout: 'cl' };
    }
    case 'Add':
    case 'Multiply':
    case 'Average':
      return merge(ctx);
    case 'Concatenate': {
      const xs = ctx.ins.map((v) => v.in(b, 'cl', id));
      return { name: b.op('Concat', xs, id, { axis: axisOf(ctx, rank) }), layout: 'cl' };
    }
    case 'Activation': {
      const layout = x.preferred();
      // An Identity keeps a linear Activation node in the file, so the import gives it back.
      if (act(ctx) === 'linear') return { name: b.op('Identity', [x.in(b, layout, id)], id), layout };
      return { name: activate(b, x.in(b, layout, id), act(ctx), id, layout === 'cf'), layout };
    }
    case 'LeakyReLU':
    case 'ELU': {
      const layout = x.preferred();
      const op = ctx.type === 'ELU' ? 'Elu' : 'LeakyRelu';
      const alpha = { alpha: paramNumber(ctx, 'alpha') };
      return { name: b.op(op, [x.in(b, layout, id)], id, alpha, undefined, ['alpha']), layout };
    }
    case 'PReLU': {
      const alpha = ctx.weight('alpha');
      const slope = b.floats(`${id}/alpha`, alpha.shape, alpha.data);
      return { name: b.op('PRelu', [x.in(b, 'cl', id), slope], id), layout: 'cl' };
    }
    case 'Softmax':
      return { name: b.op('Softmax', [x.in(b, 'cl', id)], id, { axis: axisOf(ctx, rank) }), layout: 'cl' };
    case 'GlobalMaxPooling1D':
    case 'GlobalMaxPooling2D': {
      const axes = ctx.type === 'GlobalMaxPooling1D' ? [1] : [1, 2];
      return { name: b.op('ReduceMax', [x.in(b, 'cl', id)], id, { axes, keepdims: 0 }), layout: 'cl' };
    }
    case 'Permute': {
      const dims = paramInts(ctx, 'dims', rank - 1);
      return { name: b.op('Transpose', [x.in(b, 'cl', id)], id, { perm: [0, ...dims] }), layout: 'cl' };
    }
    case 'RepeatVector': {
      const n = paramNumber(ctx, 'n');
      const wide = b.op('Unsqueeze', [x.in(b, 'cl', id), b.int64s(`${id}/axes`, [1])], id);
      return { name: b.op('Tile', [wide, b.int64s(`${id}/repeats`, [1, n, 1])], id), layout: 'cl' };
    }
    case 'DepthwiseConv2D':
      return emitDepthwise(ctx, false);
    case 'SeparableConv2D':
      return emitDepthwise(ctx, true);
    case 'Conv2DTranspose':
      return emitConvTranspose(ctx);
    case 'UpSampling2D':
      return emitUpSampling(ctx);
    case 'ZeroPadding2D':
    case 'Cropping2D':
      return emitPadCrop(ctx);
    case 'LayerNormalization':
      return emitLayerNorm(ctx);
    case 'Bidirectional':
      return emitBidirectional(ctx);
    case 'Dataset':
    case 'Normalize':
    case 'Augment':
    case 'Subset':
    case 'Resize':
    case 'Input':
    case 'Loss':
    case 'Optimizer':
      return fail(ctx, 'inputs', `a ${ctx.type} node is not part of the model`, 'wire it before the Input');
    case 'Unsupported':
      return fail(
        ctx,
        'op',
        'an import placeholder has no computation to export',
        'replace it with supported nodes',
      );
    default: {
      const never: never = ctx.type;
      throw new Error(`emitLayer: unhandled node type ${String(never)}`);
    }
  }
}
