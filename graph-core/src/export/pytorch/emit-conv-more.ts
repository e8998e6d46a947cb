import type { JsonValue } from '../../document/types';
import { act, ints, needRank, tuple, windowPadding, type In } from './emit-spatial';
import { activationExpr, lastDim, toChannelsFirst } from './layout';
import { f32, type NpyArray } from './npy';
import type { NodeWeights } from './tensors';
import type { EmittedNode, Layout } from './types';

/**
 * The convolutions the imports brought (issue 16) as torch modules: DepthwiseConv2D as a grouped
 * nn.Conv2d, SeparableConv2D as that plus a 1×1 nn.Conv2d, Conv2DTranspose as nn.ConvTranspose2d
 * cut to TensorFlow's output size.
 */

type Params = Record<string, JsonValue>;
const images = 'images [height, width, channels]';

const outSize = (p: Params, size: number, k: number, s: number) =>
  p['padding'] === 'same' ? Math.ceil(size / s) : Math.floor((size - k) / s) + 1;

/** Keras depthwise kernel [kh, kw, in, mult] → torch grouped weight [in·mult, 1, kh, kw] (channel c·mult + m). */
function depthwiseWeight(w: NodeWeights, shape: [number, number, number, number]): NpyArray {
  const [kh, kw, inC, mult] = shape;
  const t = w.permuted('depthwise_kernel', shape, [2, 3, 0, 1]);
  return f32([inC * mult, 1, kh, kw], t.data as Float32Array);
}

function summaryOf(type: string, what: string, kernel: number[], strides: number[], p: Params): string {
  const stride = strides.some((s) => s !== 1) ? ` stride ${strides.join('×')}` : '';
  const a = act(p) as string;
  return `${type} ${what}${kernel.join('×')}${stride}, ${String(p['padding'])}${a === 'linear' ? '' : `, ${a}`}`;
}

export function emitDepthwiseOrSeparable(
  type: 'DepthwiseConv2D' | 'SeparableConv2D',
  id: string,
  p: Params,
  input: In,
  w: NodeWeights,
): EmittedNode {
  needRank(type, id, input.l, [3], images);
  const kernel = ints(p, 'kernelSize', 2);
  const strides = ints(p, 'strides', 2);
  const mult = p['depthMultiplier'] as number;
  const [h, wd, inC] = input.l.shape as [number, number, number];
  const mid = inC * mult;
  const useBias = p['useBias'] !== false;
  const separable = type === 'SeparableConv2D';
  const filters = separable ? (p['filters'] as number) : mid;
  const { symmetric, pad } = windowPadding(p, [h, wd], kernel, strides);
  const args = [`${inC}`, `${mid}`, `kernel_size=${tuple(kernel)}`];
  if (strides.some((s) => s !== 1)) args.push(`stride=${tuple(strides)}`);
  if (symmetric) args.push(`padding=${tuple(symmetric)}`);
  args.push(`groups=${inC}`);
  if (!useBias || separable) args.push('bias=False');
  const depthwise = `nn.Conv2d(${args.join(', ')})`;
  const kShape: [number, number, number, number] = [kernel[0]!, kernel[1]!, inC, mult];
  const cf = toChannelsFirst(input.v, input.l);
  const x = pad ? `F.pad(${cf}, (${pad.join(', ')}))` : cf;
  const out: Layout = {
    shape: [outSize(p, h, kernel[0]!, strides[0]!), outSize(p, wd, kernel[1]!, strides[1]!), filters],
    channelsFirst: true,
  };
  const a = activationExpr(act(p), `self.{name}(${x})`, lastDim(out));
  const state: Record<string, NpyArray> = separable
    ? {
        '0.weight': depthwiseWeight(w, kShape),
        // Keras pointwise kernel [1, 1, in·mult, filters] → torch [filters, in·mult, 1, 1].
        '1.weight': w.permuted('pointwise_kernel', [1, 1, mid, filters], [3, 2, 0, 1]),
        ...(useBias ? { '1.bias': w.same('bias', [filters]) } : {}),
      }
    : {
        weight: depthwiseWeight(w, kShape),
        ...(useBias ? { bias: w.same('bias', [mid]) } : {}),
      };
  const notes = pad
    ? [
        `"${id}": TensorFlow pads "same" unevenly here; model.py pads explicitly with F.pad (${pad.join(', ')}).`,
      ]
    : [];
  return {
    module: separable
      ? `nn.Sequential(${depthwise}, nn.Conv2d(${mid}, ${filters}, kernel_size=1${useBias ? '' : ', bias=False'}))`
      : depthwise,
    expr: a.expr,
    summary: summaryOf(
      type,
      separable ? `${filters} filters, depth ×${mult}, ` : `depth ×${mult}, `,
      kernel,
      strides,
      p,
    ),
    out,
    state,
    helpers: a.helper ? [a.helper] : [],
    notes,
  };
}

/**
 * Keras's transposed convolution grows each axis to in·s (`same`) or in·s + max(k − s, 0)
 * (`valid`), cropping floor(max(k − s, 0) / 2) first under `same`. nn.ConvTranspose2d without
 * padding gives (in − 1)·s + k: output_padding adds the rows Keras has beyond that (they get only
 * the bias, as in TensorFlow), and a slice takes TensorFlow's window.
 */
export function emitConvTranspose(id: string, p: Params, input: In, w: NodeWeights): EmittedNode {
  needRank('Conv2DTranspose', id, input.l, [3], images);
  const kernel = ints(p, 'kernelSize', 2);
  const strides = ints(p, 'strides', 2);
  const filters = p['filters'] as number;
  const [h, wd, inC] = input.l.shape as [number, number, number];
  const useBias = p['useBias'] !== false;
  const same = p['padding'] === 'same';
  const axes = [h, wd].map((size, i) => {
    const k = kernel[i]!;
    const s = strides[i]!;
    const full = (size - 1) * s + k;
    const length = same ? size * s : size * s + Math.max(k - s, 0);
    const begin = same ? Math.floor(Math.max(k - s, 0) / 2) : 0;
    const extra = Math.max(begin + length - full, 0);
    return { begin, length, extra, full: full + extra };
  });
  const args = [`${inC}`, `${filters}`, `kernel_size=${tuple(kernel)}`];
  if (strides.some((s) => s !== 1)) args.push(`stride=${tuple(strides)}`);
  if (axes.some((a) => a.extra > 0)) args.push(`output_padding=${tuple(axes.map((a) => a.extra))}`);
  if (!useBias) args.push('bias=False');
  const cut = axes.some((a) => a.begin > 0 || a.begin + a.length < a.full);
  const call = `self.{name}(${toChannelsFirst(input.v, input.l)})`;
  const sliced = cut
    ? `${call}[:, :, ${axes.map((a) => `${a.begin}:${a.begin + a.length}`).join(', ')}]`
    : call;
  const out: Layout = { shape: [axes[0]!.length, axes[1]!.length, filters], channelsFirst: true };
  const a = activationExpr(act(p), sliced, lastDim(out));
  return {
    module: `nn.ConvTranspose2d(${args.join(', ')})`,
    expr: a.expr,
    summary: summaryOf('Conv2DTranspose', `${filters} filters `, kernel, strides, p),
    out,
    state: {
      // Keras [kh, kw, out, in] → torch [in, out, kh, kw].
      weight: w.permuted('kernel', [kernel[0]!, kernel[1]!, filters, inC], [3, 2, 0, 1]),
      ...(useBias ? { bias: w.same('bias', [filters]) } : {}),
    },
    penalised: { kernel: 'weight', bias: 'bias' },
    helpers: a.helper ? [a.helper] : [],
    notes: cut
      ? [
          `"${id}": nn.ConvTranspose2d's output is cut to TensorFlow's window (rows/columns ${axes.map((x) => `${x.begin}:${x.begin + x.length}`).join(', ')}).`,
        ]
      : [],
  };
}
