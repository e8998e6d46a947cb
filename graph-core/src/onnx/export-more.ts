import { sidePairs } from '../catalogue/values';
import type { ActivationId } from '../catalogue/identifiers';
import { activate } from './export-activations';
import type { EmitContext, Emitted } from './export-context';
import { fail, paramInts, paramNumber, transpose } from './export-context';

/**
 * ONNX (opset 13) for the kinds the imports brought (issue 16): the convolutions as Conv with
 * groups, two Convs, and ConvTranspose; UpSampling2D as Resize; ZeroPadding2D as Pad; Cropping2D
 * as Slice; LayerNormalization as its equations (the LayerNormalization op needs opset 17).
 */

const act = (ctx: EmitContext): ActivationId =>
  (typeof ctx.p['activation'] === 'string' ? ctx.p['activation'] : 'linear') as ActivationId;

/** TF's `same` padding per axis: [begins…, ends…], the odd cell at the end. */
function samePads(ctx: EmitContext, kernel: number[], strides: number[]): number[] {
  const spatial = ctx.inShapes[0]!.slice(0, 2);
  const same = ctx.p['padding'] === 'same';
  const totals = spatial.map((size, i) =>
    same ? Math.max((Math.ceil(size / strides[i]!) - 1) * strides[i]! + kernel[i]! - size, 0) : 0,
  );
  return [...totals.map((t) => Math.floor(t / 2)), ...totals.map((t) => t - Math.floor(t / 2))];
}

function needImages(ctx: EmitContext): [number, number, number] {
  const s = ctx.inShapes[0]!;
  if (s.length !== 3)
    fail(
      ctx,
      'inputs',
      `needs images [height, width, channels], got [${s.join(', ')}]`,
      'add a Reshape before it',
    );
  return s as [number, number, number];
}

/** DepthwiseConv2D: Conv with one group per input channel; SeparableConv2D: that, then a 1×1 Conv. */
export function emitDepthwise(ctx: EmitContext, separable: boolean): Emitted {
  const { b, id } = ctx;
  const [, , inC] = needImages(ctx);
  const kernel = paramInts(ctx, 'kernelSize', 2);
  const strides = paramInts(ctx, 'strides', 2);
  const mult = paramNumber(ctx, 'depthMultiplier');
  const dk = ctx.weight('depthwise_kernel');
  // Keras [kh, kw, in, mult] → [in·mult, 1, kh, kw]: output channel c·mult + m, as TensorFlow.
  const w = b.floats(
    `${id}/depthwise_kernel`,
    [inC * mult, 1, kernel[0]!, kernel[1]!],
    transpose(dk.data, dk.shape, [2, 3, 0, 1]),
  );
  const useBias = ctx.p['useBias'] !== false;
  const inputs = [ctx.ins[0]!.in(b, 'cf', id), w];
  if (useBias && !separable) {
    const bias = ctx.weight('bias');
    inputs.push(b.floats(`${id}/bias`, bias.shape, bias.data));
  }
  let y = b.op('Conv', inputs, id, {
    kernel_shape: kernel,
    strides,
    pads: samePads(ctx, kernel, strides),
    dilations: [1, 1],
    group: inC,
  });
  if (separable) {
    const pk = ctx.weight('pointwise_kernel');
    const filters = pk.shape[3]!;
    const pw = b.floats(
      `${id}/pointwise_kernel`,
      [filters, inC * mult, 1, 1],
      transpose(pk.data, pk.shape, [3, 2, 0, 1]),
    );
    const pin = [y, pw];
    if (useBias) {
      const bias = ctx.weight('bias');
      pin.push(b.floats(`${id}/bias`, bias.shape, bias.data));
    }
    y = b.op('Conv', pin, id, { kernel_shape: [1, 1], strides: [1, 1], pads: [0, 0, 0, 0], group: 1 });
  }
  return { name: activate(b, y, act(ctx), id, true), layout: 'cf' };
}

/**
 * Conv2DTranspose: Keras's output is in·s (`same`) or in·s + max(k − s, 0) (`valid`), starting
 * floor(max(k − s, 0) / 2) into ConvTranspose's full (in − 1)·s + k under `same`; pads crop,
 * output_padding adds the cells Keras has beyond the full output (kernel shorter than the stride).
 */
export function emitConvTranspose(ctx: EmitContext): Emitted {
  const { b, id } = ctx;
  const [h, wd, inC] = needImages(ctx);
  const kernel = paramInts(ctx, 'kernelSize', 2);
  const strides = paramInts(ctx, 'strides', 2);
  const same = ctx.p['padding'] === 'same';
  const k = ctx.weight('kernel');
  const filters = k.shape[2]!;
  const axes = [h, wd].map((size, i) => {
    const kk = kernel[i]!;
    const s = strides[i]!;
    const full = (size - 1) * s + kk;
    const length = same ? size * s : size * s + Math.max(kk - s, 0);
    const begin = same ? Math.floor(Math.max(kk - s, 0) / 2) : 0;
    return { begin, end: Math.max(full - begin - length, 0), extra: Math.max(begin + length - full, 0) };
  });
  // Keras [kh, kw, out, in] → ONNX [in, out, kh, kw].
  const w = b.floats(`${id}/kernel`, [inC, filters, ...kernel], transpose(k.data, k.shape, [3, 2, 0, 1]));
  const inputs = [ctx.ins[0]!.in(b, 'cf', id), w];
  if (ctx.p['useBias'] !== false) {
    const bias = ctx.weight('bias');
    inputs.push(b.floats(`${id}/bias`, bias.shape, bias.data));
  }
  const y = b.op('ConvTranspose', inputs, id, {
    kernel_shape: kernel,
    strides,
    pads: [...axes.map((a) => a.begin), ...axes.map((a) => a.end)],
    output_padding: axes.map((a) => a.extra),
    dilations: [1, 1],
    group: 1,
  });
  return { name: activate(b, y, act(ctx), id, true), layout: 'cf' };
}

/** UpSampling2D: Resize by integer scales. nearest repeats (floor of out / scale), bilinear without half-pixel centres (tfjs's). */
export function emitUpSampling(ctx: EmitContext): Emitted {
  const { b, id } = ctx;
  needImages(ctx);
  const [sh, sw] = paramInts(ctx, 'size', 2) as [number, number];
  const nearest = ctx.p['interpolation'] !== 'bilinear';
  const roi = b.floats(`${id}/roi`, [0], new Float32Array(0));
  const scales = b.floats(`${id}/scales`, [4], Float32Array.of(1, 1, sh, sw));
  const y = b.op('Resize', [ctx.ins[0]!.in(b, 'cf', id), roi, scales], id, {
    mode: nearest ? 'nearest' : 'linear',
    coordinate_transformation_mode: 'asymmetric',
    ...(nearest ? { nearest_mode: 'floor' } : {}),
  });
  return { name: y, layout: 'cf' };
}

/** ZeroPadding2D as Pad, Cropping2D as Slice, in whichever layout the input already has. */
export function emitPadCrop(ctx: EmitContext): Emitted {
  const { b, id } = ctx;
  const [h, wd] = needImages(ctx);
  const padding = ctx.type === 'ZeroPadding2D';
  const [[t, bo], [l, r]] = sidePairs(ctx.p[padding ? 'padding' : 'cropping'], 2) as [
    [number, number],
    [number, number],
  ];
  const x = ctx.ins[0]!;
  const layout = x.preferred();
  const cf = layout === 'cf';
  const input = x.in(b, layout, id);
  if (padding) {
    const pads = cf ? [0, 0, t, l, 0, 0, bo, r] : [0, t, l, 0, 0, bo, r, 0];
    return { name: b.op('Pad', [input, b.int64s(`${id}/pads`, pads)], id, { mode: 'constant' }), layout };
  }
  const y = b.op(
    'Slice',
    [
      input,
      b.int64s(`${id}/starts`, [t, l]),
      b.int64s(`${id}/ends`, [h - bo, wd - r]),
      b.int64s(`${id}/axes`, cf ? [2, 3] : [1, 2]),
    ],
    id,
  );
  return { name: y, layout };
}

/**
 * LayerNormalization as tfjs computes it: mean and (biased) variance over the axis, then
 * (x − mean) / sqrt(variance + epsilon) · gamma + beta, on the channels-last tensor.
 */
export function emitLayerNorm(ctx: EmitContext): Emitted {
  const { b, id } = ctx;
  const rank = ctx.inShapes[0]!.length + 1;
  const raw = paramNumber(ctx, 'axis');
  const axis = raw < 0 ? raw + rank : raw;
  if (axis < 1 || axis >= rank)
    fail(
      ctx,
      'axis',
      `axis ${raw} does not exist on a tensor of rank ${rank}`,
      'choose -1 or an axis from 1',
    );
  const x = ctx.ins[0]!.in(b, 'cl', id);
  const mean = b.op('ReduceMean', [x], id, { axes: [axis], keepdims: 1 });
  const centred = b.op('Sub', [x, mean], id);
  const variance = b.op('ReduceMean', [b.op('Mul', [centred, centred], id)], id, {
    axes: [axis],
    keepdims: 1,
  });
  const eps = b.scalar(`${id}/epsilon`, paramNumber(ctx, 'epsilon'));
  let y = b.op('Div', [centred, b.op('Sqrt', [b.op('Add', [variance, eps], id)], id)], id);
  // gamma and beta have the axis's length; trailing 1s broadcast them along that axis.
  const size = ctx.inShapes[0]![axis - 1]!;
  const dims = [size, ...Array<number>(rank - 1 - axis).fill(1)];
  if (ctx.p['scale'] !== false)
    y = b.op('Mul', [y, b.floats(`${id}/gamma`, dims, ctx.weight('gamma').data)], id);
  if (ctx.p['center'] !== false)
    y = b.op('Add', [y, b.floats(`${id}/beta`, dims, ctx.weight('beta').data)], id);
  return { name: y, layout: 'cl' };
}
