import { createRng, shuffleInPlace } from './builtin/random';
import { indicesByClass } from './gather';
import type { Dataset } from './types';

export interface SubsetOptions {
  /** At most this many samples. */
  limit: number;
  /** Take classes in turn so each gets an equal share while it has samples left. */
  balanced?: boolean;
  seed: number;
}

/** Seeded choice of up to `limit` sample indices (from `from`, or the whole set), sorted ascending. */
export function subsetIndices(
  ds: Pick<Dataset, 'y' | 'task' | 'numClasses' | 'count'>,
  options: SubsetOptions,
  from?: ArrayLike<number>,
): Int32Array {
  const rng = createRng(options.seed);
  const pool = from ? Array.from(from) : Array.from({ length: ds.count }, (_, i) => i);
  const limit = Math.max(0, Math.min(Math.floor(options.limit), pool.length));
  if (!options.balanced || ds.task !== 'classification') {
    shuffleInPlace(pool, rng);
    return Int32Array.from(pool.slice(0, limit)).sort();
  }
  const groups = indicesByClass(ds.y, ds.numClasses, pool);
  for (const g of groups) shuffleInPlace(g, rng);
  const out: number[] = [];
  for (let round = 0; out.length < limit; round++) {
    for (const g of groups) {
      const i = g[round];
      if (i !== undefined && out.length < limit) out.push(i);
    }
  }
  return Int32Array.from(out).sort();
}
