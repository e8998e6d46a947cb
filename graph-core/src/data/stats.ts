import { sampleSize, type Dataset } from './types';

export interface FeatureStats {
  name: string;
  min: number;
  max: number;
  mean: number;
  std: number;
  nanCount: number;
}

export interface DatasetStats {
  count: number;
  /** Samples per class (classification); empty for regression. */
  classCounts: number[];
  /** Per feature for tabular data and points, per channel for images (784 pixel rows help nobody). */
  features: FeatureStats[];
  nanCount: number;
  /** Regression targets only. */
  target?: FeatureStats;
}

function statsOf(values: (k: number) => number, n: number, name: string): FeatureStats {
  let count = 0;
  let nan = 0;
  let sum = 0;
  let sumSq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < n; k++) {
    const v = values(k);
    if (Number.isNaN(v)) {
      nan += 1;
      continue;
    }
    count += 1;
    sum += v;
    sumSq += v * v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = count > 0 ? sum / count : NaN;
  const std = count > 0 ? Math.sqrt(Math.max(0, sumSq / count - mean * mean)) : NaN;
  return { name, min: count ? min : NaN, max: count ? max : NaN, mean, std, nanCount: nan };
}

export function computeStats(ds: Dataset): DatasetStats {
  const size = sampleSize(ds.featureShape);
  const classCounts = new Array<number>(ds.task === 'classification' ? ds.numClasses : 0).fill(0);
  for (let i = 0; i < ds.count; i++) if (classCounts.length) classCounts[ds.y[i] as number]! += 1;

  const image = ds.modality === 'image' && ds.featureShape.length === 3;
  const groups = image ? (ds.featureShape[2] ?? 1) : size;
  const perGroup = image ? ds.count * (size / groups) : ds.count;
  const names = image
    ? groups === 3
      ? ['red', 'green', 'blue']
      : Array.from({ length: groups }, (_, g) => (groups === 1 ? 'pixel' : `channel ${g + 1}`))
    : Array.from({ length: size }, (_, j) => ds.featureNames?.[j] ?? `feature ${j + 1}`);
  const features = names.map((name, g) =>
    image
      ? statsOf((k) => ds.x[k * groups + g] as number, perGroup, name)
      : statsOf((k) => ds.x[k * size + g] as number, ds.count, name),
  );
  const stats: DatasetStats = {
    count: ds.count,
    classCounts,
    features,
    nanCount: features.reduce((a, f) => a + f.nanCount, 0),
  };
  if (ds.task === 'regression') stats.target = statsOf((k) => ds.y[k] as number, ds.count, 'target');
  return stats;
}
