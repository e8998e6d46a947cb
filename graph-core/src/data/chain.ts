import { perAxis, resolveParams } from '../catalogue/index';
import type { GraphNode } from '../document/types';
import { createAugmenter, type AugmentParams, type BatchAugmenter } from './augment';
import { takeSamples } from './gather';
import { applyNormalizer, fitNormalizer, type NormalizeMethod, type Normalizer } from './normalize';
import { resizeImages } from './resize';
import type { Fail } from './sources';
import { subsetIndices } from './subset';
import type { Dataset } from './types';

/** The data nodes between a Dataset and the Input, in flow order. */
export type DataStep = GraphNode & { type: 'Normalize' | 'Augment' | 'Subset' | 'Resize' };

export function isDataStep(node: GraphNode): node is DataStep {
  return (
    node.type === 'Normalize' || node.type === 'Augment' || node.type === 'Subset' || node.type === 'Resize'
  );
}

const num = (v: unknown, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;

/** Subset and Resize work on whole samples, so they run before the split. */
export function applySampleSteps(ds: Dataset, steps: readonly DataStep[], fail: Fail): Dataset {
  let out = ds;
  for (const step of steps) {
    const p = resolveParams(step);
    if (step.type === 'Subset') {
      const limit = num(p['limit'], 1000);
      if (limit < 1) fail(`Subset "${step.id}": limit must be at least 1.`, step.id, 'limit');
      out = takeSamples(
        out,
        subsetIndices(out, { limit, balanced: p['balanced'] !== false, seed: num(p['seed'], 42) }),
      );
    } else if (step.type === 'Resize') {
      const [h, w] = perAxis(p['size'], 2, []);
      if (out.featureShape.length !== 3) {
        fail(
          `Resize "${step.id}" needs images, but the data has samples of shape [${out.featureShape.join(', ')}].`,
          step.id,
        );
      }
      if (!h || !w || h < 1 || w < 1)
        fail(`Resize "${step.id}": size must be two positive numbers.`, step.id, 'size');
      const [ih, iw, c] = out.featureShape as [number, number, number];
      out = {
        ...out,
        featureShape: [h, w, c],
        x: resizeImages(out.x, out.count, [ih, iw, c], [h, w]),
      };
    }
  }
  return out;
}

export interface SplitArrays {
  train: { x: Float32Array };
  validation: { x: Float32Array };
  test: { x: Float32Array };
}

/** A Normalize node's statistics, fitted on the training split; exports carry them. */
export interface FittedNormalize {
  nodeId: string;
  normalizer: Normalizer;
}

/**
 * Normalize fits on the training split only, then rescales every split with those statistics.
 * Returns the fitted statistics in flow order.
 */
export function applyNormalizeSteps(
  data: SplitArrays,
  featureShape: readonly number[],
  steps: readonly DataStep[],
): FittedNormalize[] {
  const fitted: FittedNormalize[] = [];
  for (const step of steps) {
    if (step.type !== 'Normalize') continue;
    const method: NormalizeMethod = resolveParams(step)['method'] === 'minmax' ? 'minmax' : 'standardize';
    const size = featureShape.reduce((a, b) => a * b, 1);
    const trainCount = data.train.x.length / size;
    const indices = Int32Array.from({ length: trainCount }, (_, i) => i);
    const axis = featureShape.length === 3 ? 'channel' : 'feature';
    const norm = fitNormalizer({ x: data.train.x, featureShape: [...featureShape] }, indices, method, axis);
    data.train.x = applyNormalizer(data.train.x, norm);
    data.validation.x = applyNormalizer(data.validation.x, norm);
    data.test.x = applyNormalizer(data.test.x, norm);
    fitted.push({ nodeId: step.id, normalizer: norm });
  }
  return fitted;
}

/** One augmenter for all Augment nodes in the chain, or undefined when there is none. */
export function augmenterFor(
  steps: readonly DataStep[],
  featureShape: readonly number[],
  seed: number,
): BatchAugmenter | undefined {
  const parts = steps
    .filter((s) => s.type === 'Augment')
    .map((s, k) => createAugmenter(resolveParams(s) as AugmentParams, featureShape, seed + k + 1));
  if (parts.length === 0) return undefined;
  return (x, batchSize, phase) => parts.reduce((acc, f) => f(acc, batchSize, phase), x);
}
