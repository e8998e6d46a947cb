import { sampleSize, type Dataset } from './types';

export type NormalizeMethod = 'minmax' | 'standardize';
/** Which values share one statistic: each feature, each image channel, or all values together. */
export type NormalizeAxis = 'feature' | 'channel' | 'global';

/** Fitted statistics: `x' = (x - offset[g]) / scale[g]` for the group g a value belongs to. */
export interface Normalizer {
  method: NormalizeMethod;
  axis: NormalizeAxis;
  offset: Float64Array;
  scale: Float64Array;
  /** Group of each position within one sample. */
  groupOf: Int32Array;
}

function groups(featureShape: readonly number[], axis: NormalizeAxis): Int32Array {
  const size = sampleSize(featureShape);
  const channels = featureShape[featureShape.length - 1] ?? 1;
  return Int32Array.from({ length: size }, (_, j) =>
    axis === 'feature' ? j : axis === 'channel' ? j % channels : 0,
  );
}

/**
 * Fits statistics on the training indices only: validation and test samples must not leak into
 * them, or the reported metrics would be optimistic. NaNs are ignored; a constant group gets scale 1
 * so it maps to 0 instead of dividing by zero.
 */
export function fitNormalizer(
  ds: Pick<Dataset, 'x' | 'featureShape'>,
  trainIndices: ArrayLike<number>,
  method: NormalizeMethod,
  axis: NormalizeAxis = 'feature',
): Normalizer {
  const groupOf = groups(ds.featureShape, axis);
  const size = groupOf.length;
  const g =
    axis === 'feature' ? size : axis === 'channel' ? (ds.featureShape[ds.featureShape.length - 1] ?? 1) : 1;
  const n = new Float64Array(g);
  const sum = new Float64Array(g);
  const sumSq = new Float64Array(g);
  const min = new Float64Array(g).fill(Infinity);
  const max = new Float64Array(g).fill(-Infinity);
  for (let k = 0; k < trainIndices.length; k++) {
    const base = (trainIndices[k] as number) * size;
    for (let j = 0; j < size; j++) {
      const v = ds.x[base + j] as number;
      if (Number.isNaN(v)) continue;
      const q = groupOf[j] as number;
      n[q]! += 1;
      sum[q]! += v;
      sumSq[q]! += v * v;
      if (v < min[q]!) min[q] = v;
      if (v > max[q]!) max[q] = v;
    }
  }
  const offset = new Float64Array(g);
  const scale = new Float64Array(g).fill(1);
  for (let q = 0; q < g; q++) {
    if (n[q] === 0) continue;
    if (method === 'minmax') {
      offset[q] = min[q]!;
      const range = max[q]! - min[q]!;
      scale[q] = range > 0 ? range : 1;
    } else {
      const mean = sum[q]! / n[q]!;
      const variance = Math.max(0, sumSq[q]! / n[q]! - mean * mean);
      offset[q] = mean;
      scale[q] = variance > 0 ? Math.sqrt(variance) : 1;
    }
  }
  return { method, axis, offset, scale, groupOf };
}

/** Returns normalised copies of the features; the input is not changed. */
export function applyNormalizer(x: Float32Array, norm: Normalizer): Float32Array {
  const out = new Float32Array(x.length);
  const size = norm.groupOf.length;
  for (let i = 0; i < x.length; i++) {
    const q = norm.groupOf[i % size] as number;
    out[i] = ((x[i] as number) - (norm.offset[q] as number)) / (norm.scale[q] as number);
  }
  return out;
}
