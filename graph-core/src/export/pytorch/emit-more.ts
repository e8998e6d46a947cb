import { sidePairs } from '../../catalogue/index';
import type { JsonValue } from '../../document/types';
import type { In } from './emit-spatial';
import { toChannelsFirst, toChannelsLast } from './layout';
import { filled, type NodeWeights } from './tensors';
import { PytorchExportError, type EmittedNode, type Layout } from './types';

type Params = Record<string, JsonValue>;
const base = { state: {}, helpers: [] as string[], notes: [] as string[] };

function needRank(type: string, id: string, l: Layout, rank: number, what: string): void {
  if (l.shape.length !== rank)
    throw new PytorchExportError(
      `${type} "${id}" needs ${what}, but its input has shape [${l.shape.join(', ')}]`,
      'add a Reshape before it',
      id,
      'inputs',
    );
}

const images = 'images [height, width, channels]';

export function emitGlobalMax(
  type: 'GlobalMaxPooling1D' | 'GlobalMaxPooling2D',
  id: string,
  input: In,
): EmittedNode {
  const dims = type === 'GlobalMaxPooling2D' ? 2 : 1;
  needRank(type, id, input.l, dims + 1, dims === 2 ? images : 'sequences [steps, features]');
  const axes = input.l.channelsFirst ? (dims === 2 ? '(2, 3)' : '2') : dims === 2 ? '(1, 2)' : '1';
  return {
    ...base,
    expr: `${input.v}.amax(dim=${axes})`,
    summary: `${type}: the largest value per channel`,
    out: { shape: [input.l.shape[dims]!], channelsFirst: false },
  };
}

export function emitPadCrop(
  type: 'ZeroPadding2D' | 'Cropping2D',
  id: string,
  p: Params,
  input: In,
): EmittedNode {
  needRank(type, id, input.l, 3, images);
  const [[t, b], [l, r]] = sidePairs(p[type === 'ZeroPadding2D' ? 'padding' : 'cropping'], 2) as [
    [number, number],
    [number, number],
  ];
  const [h, w, c] = input.l.shape as [number, number, number];
  const cf = toChannelsFirst(input.v, input.l);
  if (type === 'ZeroPadding2D')
    return {
      ...base,
      expr: `F.pad(${cf}, (${l}, ${r}, ${t}, ${b}))`,
      summary: `ZeroPadding2D top ${t}, bottom ${b}, left ${l}, right ${r}`,
      out: { shape: [h + t + b, w + l + r, c], channelsFirst: true },
    };
  return {
    ...base,
    expr: `${cf}[:, :, ${t}:${h - b}, ${l}:${w - r}]`,
    summary: `Cropping2D top ${t}, bottom ${b}, left ${l}, right ${r}`,
    out: { shape: [h - t - b, w - l - r, c], channelsFirst: true },
  };
}

export function emitUpSampling(id: string, p: Params, input: In): EmittedNode {
  needRank('UpSampling2D', id, input.l, 3, images);
  if (p['interpolation'] === 'bilinear')
    throw new PytorchExportError(
      `UpSampling2D "${id}": tfjs interpolates bilinearly without half-pixel centres, which F.interpolate cannot reproduce`,
      'use interpolation "nearest", or export ONNX',
      id,
      'interpolation',
    );
  const size = p['size'];
  const [sh, sw] = typeof size === 'number' ? [size, size] : (size as number[]);
  const [h, w, c] = input.l.shape as [number, number, number];
  return {
    ...base,
    expr: `F.interpolate(${toChannelsFirst(input.v, input.l)}, scale_factor=(${sh}, ${sw}), mode="nearest")`,
    summary: `UpSampling2D ×${sh}×${sw}, nearest`,
    out: { shape: [h * sh!, w * sw!, c], channelsFirst: true },
  };
}

export function emitPermute(id: string, p: Params, input: In): EmittedNode {
  const dims = Array.isArray(p['dims']) ? (p['dims'] as number[]) : [];
  if (dims.length !== input.l.shape.length)
    throw new PytorchExportError(
      `Permute "${id}": dims [${dims.join(', ')}] does not list the ${input.l.shape.length} axes of [${input.l.shape.join(', ')}]`,
      'list every axis once, counted from 1',
      id,
      'dims',
    );
  return {
    ...base,
    expr: `${toChannelsLast(input.v, input.l)}.permute(0, ${dims.join(', ')})`,
    summary: `Permute to [${dims.join(', ')}]`,
    out: { shape: dims.map((d) => input.l.shape[d - 1]!), channelsFirst: false },
  };
}

export function emitRepeatVector(id: string, p: Params, input: In): EmittedNode {
  needRank('RepeatVector', id, input.l, 1, 'vectors [features]');
  const n = p['n'] as number;
  return {
    ...base,
    expr: `${input.v}.unsqueeze(1).expand(-1, ${n}, -1)`,
    summary: `RepeatVector ×${n}`,
    out: { shape: [n, input.l.shape[0]!], channelsFirst: false },
  };
}

export function emitLayerNorm(id: string, p: Params, input: In, w: NodeWeights): EmittedNode {
  const rank = input.l.shape.length + 1;
  const axis = typeof p['axis'] === 'number' ? p['axis'] : -1;
  if (axis !== -1 && axis !== rank - 1)
    throw new PytorchExportError(
      `LayerNormalization "${id}": axis ${axis} is not the last axis, and nn.LayerNorm normalises the last axes only`,
      'set axis to -1',
      id,
      'axis',
    );
  const c = input.l.shape[input.l.shape.length - 1]!;
  const center = p['center'] !== false;
  const scale = p['scale'] !== false;
  const affine = center || scale;
  const eps = p['epsilon'] as number;
  return {
    module: `nn.LayerNorm(${c}, eps=${eps}${affine ? '' : ', elementwise_affine=False'})`,
    expr: `self.{name}(${toChannelsLast(input.v, input.l)})`,
    summary: `LayerNormalization eps ${eps}`,
    out: { shape: [...input.l.shape], channelsFirst: false },
    state: affine
      ? {
          weight: scale ? w.same('gamma', [c]) : filled([c], 1),
          bias: center ? w.same('beta', [c]) : filled([c], 0),
        }
      : {},
    helpers: [],
    notes: [],
    ...(affine && !(center && scale) ? { frozen: [center ? 'weight' : 'bias'] } : {}),
  };
}
