import { createRng, shuffleInPlace } from './builtin/random';
import { indicesByClass } from './gather';
import type { Dataset, Splits } from './types';

export interface SplitOptions {
  /** Share of samples for validation, in [0, 1). */
  validation: number;
  /** Share of samples held out for the final test, in [0, 1); never seen in training. */
  test: number;
  seed: number;
  /** Keep each class's share the same in every split (classification only). Default true. */
  stratify?: boolean;
}

/**
 * Seeded, disjoint train/validation/test indices. With stratification each class is split on its
 * own, so a rare class still shows up in validation and test. Every split is sorted ascending.
 */
export function splitDataset(
  ds: Pick<Dataset, 'y' | 'task' | 'numClasses' | 'count'>,
  options: SplitOptions,
): Splits {
  if (!(options.validation >= 0 && options.test >= 0 && options.validation + options.test < 1)) {
    throw new RangeError(
      `split shares must be >= 0 and sum below 1 (got ${options.validation}, ${options.test})`,
    );
  }
  const rng = createRng(options.seed);
  const stratify = (options.stratify ?? true) && ds.task === 'classification';
  const groups = stratify
    ? indicesByClass(ds.y, ds.numClasses)
    : [Array.from({ length: ds.count }, (_, i) => i)];
  const train: number[] = [];
  const validation: number[] = [];
  const test: number[] = [];
  for (const group of groups) {
    shuffleInPlace(group, rng);
    const n = group.length;
    const nTest = Math.min(n, Math.round(n * options.test));
    const nVal = Math.min(n - nTest, Math.round(n * options.validation));
    test.push(...group.slice(0, nTest));
    validation.push(...group.slice(nTest, nTest + nVal));
    train.push(...group.slice(nTest + nVal));
  }
  const sorted = (a: number[]): Int32Array => Int32Array.from(a).sort();
  return { train: sorted(train), validation: sorted(validation), test: sorted(test) };
}
