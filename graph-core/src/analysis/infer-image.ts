import { sidePairs } from '../catalogue/values';
import { showShape } from './names';
import { rankError, spatial } from './infer-conv';
import type { Inferred, LayerInput } from './infer-common';
import { dimsOf, fail, ok, tuple } from './infer-common';

/** Shapes and parameter counts of the image layers the imports need, as tfjs-layers 4.22 computes them. */

const image = (li: LayerInput) => dimsOf(li.inputs[0] ?? [null]) as [number, number, number];
const area = (k: number[]) => (k[0] ?? 1) * (k[1] ?? 1);

/** Depthwise step of DepthwiseConv2D and SeparableConv2D: output size and channels × multiplier. */
function depthwise(li: LayerInput): { out: number[]; kernel: number[]; channels: number } | Inferred {
  const bad = rankError(li, 3, 'an image [height, width, channels]');
  if (bad) return bad;
  const [h, w, c] = image(li);
  const kernel = tuple(li.params.kernelSize, 2, [3, 3]);
  const out = spatial(li, [h, w], kernel, tuple(li.params.strides, 2, [1, 1]), 'kernelSize');
  if (!Array.isArray(out)) return out;
  return { out, kernel, channels: c * (li.params.depthMultiplier as number) };
}

export function inferDepthwiseConv2D(li: LayerInput): Inferred {
  const d = depthwise(li);
  if (!('out' in d)) return d;
  const bias = li.params.useBias ? d.channels : 0;
  return ok([...d.out, d.channels], area(d.kernel) * d.channels + bias);
}

export function inferSeparableConv2D(li: LayerInput): Inferred {
  const d = depthwise(li);
  if (!('out' in d)) return d;
  const filters = li.params.filters as number;
  const count = area(d.kernel) * d.channels + d.channels * filters + (li.params.useBias ? filters : 0);
  return ok([...d.out, filters], count);
}

/** tfjs deconvLength: valid gives L·s + max(k − s, 0), same gives L·s. */
export function inferConv2DTranspose(li: LayerInput): Inferred {
  const bad = rankError(li, 3, 'an image [height, width, channels]');
  if (bad) return bad;
  const [h, w, c] = image(li);
  const filters = li.params.filters as number;
  const kernel = tuple(li.params.kernelSize, 2, [3, 3]);
  const strides = tuple(li.params.strides, 2, [1, 1]);
  const grow = (len: number, i: number) => {
    const k = kernel[i] ?? 1;
    const s = strides[i] ?? 1;
    return li.params.padding === 'valid' ? len * s + Math.max(k - s, 0) : len * s;
  };
  const count = area(kernel) * c * filters + (li.params.useBias ? filters : 0);
  return ok([grow(h, 0), grow(w, 1), filters], count);
}

export function inferUpSampling2D(li: LayerInput): Inferred {
  const bad = rankError(li, 3, 'an image [height, width, channels]');
  if (bad) return bad;
  const [h, w, c] = image(li);
  const size = tuple(li.params.size, 2, [2, 2]);
  return ok([h * (size[0] ?? 1), w * (size[1] ?? 1), c]);
}

export function inferZeroPadding2D(li: LayerInput): Inferred {
  const bad = rankError(li, 3, 'an image [height, width, channels]');
  if (bad) return bad;
  const [h, w, c] = image(li);
  const [[top, bottom], [left, right]] = sidePairs(li.params.padding, 2) as [
    [number, number],
    [number, number],
  ];
  return ok([h + top + bottom, w + left + right, c]);
}

export function inferCropping2D(li: LayerInput): Inferred {
  const bad = rankError(li, 3, 'an image [height, width, channels]');
  if (bad) return bad;
  const [h, w, c] = image(li);
  const [[top, bottom], [left, right]] = sidePairs(li.params.cropping, 2) as [
    [number, number],
    [number, number],
  ];
  const out = [h - top - bottom, w - left - right];
  if (out.some((d) => d < 1)) {
    return fail(
      `${li.name} cuts ${top + bottom} rows and ${left + right} columns off an image of ${showShape([h, w, c])}, which leaves ${showShape(out)}: crop less`,
      'cropping',
    );
  }
  return ok([...out, c]);
}

/** GlobalMaxPooling1D/2D: the last axis survives, every other sample axis is reduced. */
export function inferGlobalPool(li: LayerInput, rank: 2 | 3): Inferred {
  const bad = rankError(
    li,
    rank,
    rank === 3 ? 'an image [height, width, channels]' : 'a sequence [steps, features]',
  );
  if (bad) return bad;
  const dims = dimsOf(li.inputs[0] ?? [null]);
  return ok([dims[rank - 1] as number]);
}
