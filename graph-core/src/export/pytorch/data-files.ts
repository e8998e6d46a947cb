import { resolveParams } from '../../catalogue/index';
import { augmentsAnything, type AugmentParams } from '../../data/augment';
import { findDataChain, gatherSplit, type PreparedData } from '../../data/pipeline';
import type { GraphDocument, JsonValue } from '../../document/types';
import { encodeNpz, f32, i64, type NpyArray } from './npy';

export interface NormalizeConfig {
  node: string;
  method: string;
  /** feature: one statistic per value of a sample; channel: per image channel; global: one. */
  axis: string;
}

export interface DataConfig {
  name: string;
  modality: string;
  featureShape: number[];
  numClasses: number;
  classNames: string[];
  task: string;
  /** Samples per split, before any padding DistributedSampler adds. */
  counts: { train: number; validation: number; test: number };
  normalize: NormalizeConfig[];
  augment: ({ node: string } & AugmentParams)[];
}

const SPLITS = [
  ['train', 'train'],
  ['val', 'validation'],
  ['test', 'test'],
] as const;

/**
 * data.npz: the samples each split used, before Normalize (after Subset and Resize, as the run saw
 * them), their labels, their indices into the dataset, and each Normalize node's fitted statistics.
 * data.py applies the statistics, so new raw samples can be normalised the same way.
 */
export function buildDataFiles(
  doc: GraphDocument,
  data: PreparedData,
): { npz: Uint8Array; config: DataConfig } {
  const arrays: Record<string, NpyArray> = {};
  for (const [short, split] of SPLITS) {
    const indices = data.splits[split];
    const raw = gatherSplit(data.source, indices);
    arrays[`x_${short}`] = f32([raw.count, ...data.featureShape], raw.x);
    arrays[`y_${short}`] = f32([raw.count], raw.y);
    arrays[`index_${short}`] = i64([indices.length], indices);
  }
  const normalize: NormalizeConfig[] = (data.normalizers ?? []).map((n, k) => {
    const { offset, scale, axis, method } = n.normalizer;
    const shape = axis === 'feature' ? data.featureShape : [offset.length];
    arrays[`normalize${k}_offset`] = { dtype: 'float64', shape, data: offset };
    arrays[`normalize${k}_scale`] = { dtype: 'float64', shape, data: scale };
    return { node: n.nodeId, method, axis };
  });
  const { steps } = findDataChain(doc);
  const augment = steps
    .filter((s) => s.type === 'Augment')
    .map((s) => ({ node: s.id, ...(resolveParams(s) as Record<string, JsonValue> & AugmentParams) }))
    .filter((a) => augmentsAnything(a, data.featureShape));
  return {
    npz: encodeNpz(arrays, true),
    config: {
      name: data.name,
      modality: data.modality,
      featureShape: [...data.featureShape],
      numClasses: data.numClasses,
      classNames: [...data.classNames],
      task: data.task,
      counts: { train: data.train.count, validation: data.validation.count, test: data.test.count },
      normalize,
      augment,
    },
  };
}
