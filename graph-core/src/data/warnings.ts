import { dataWarning, formatCount, type DataIssue } from './issues';
import type { DatasetStats } from './stats';
import { sampleSize, type Dataset, type Splits } from './types';
import { excerpt } from './excerpt';

/** The largest class may be this many times the smallest before we warn. */
export const IMBALANCE_RATIO = 3;

export function datasetWarnings(ds: Dataset, stats: DatasetStats, splits?: Splits): DataIssue[] {
  const out: DataIssue[] = [];
  const counts = stats.classCounts;
  if (counts.length > 0) {
    const empty = counts
      .map((c, k) => (c === 0 ? (ds.classNames[k] ?? String(k)) : null))
      .filter((n) => n !== null);
    if (empty.length > 0)
      out.push(dataWarning(`No samples of class ${empty.map((n) => excerpt(n)).join(', ')}.`));
    const present = counts.filter((c) => c > 0);
    const most = Math.max(...present);
    const least = Math.min(...present);
    if (present.length > 1 && most >= IMBALANCE_RATIO * least) {
      const big = ds.classNames[counts.indexOf(most)] ?? '';
      const small = ds.classNames[counts.indexOf(least)] ?? '';
      out.push(
        dataWarning(
          `Classes are imbalanced: ${excerpt(big)} has ${formatCount(most)} samples, ${excerpt(small)} only ${formatCount(least)}. Accuracy can look good while ${excerpt(small)} is never predicted; consider a balanced Subset.`,
        ),
      );
    }
  }
  if (ds.modality !== 'image') {
    for (const f of stats.features) {
      if (f.min === f.max) {
        out.push(
          dataWarning(`Column ${excerpt(f.name)} is constant (${f.min}); it carries no information.`, {
            column: f.name,
          }),
        );
      }
    }
  }
  for (const f of stats.features) {
    if (f.nanCount > 0) {
      out.push(
        dataWarning(
          `${excerpt(f.name)} has ${formatCount(f.nanCount)} missing (NaN) values; training on them gives NaN loss.`,
          {
            column: f.name,
          },
        ),
      );
    }
  }
  if (splits) {
    const leaks = duplicatesAcrossSplits(ds, splits);
    if (leaks > 0) {
      out.push(
        dataWarning(
          `${formatCount(leaks)} samples appear in more than one split (identical features), so validation/test scores would be inflated. Remove duplicates before splitting.`,
        ),
      );
    }
  }
  return out;
}

/** Counts samples whose exact features also occur in a different split. */
export function duplicatesAcrossSplits(ds: Dataset, splits: Splits): number {
  const size = sampleSize(ds.featureShape);
  const bits = new Uint32Array(ds.x.buffer, ds.x.byteOffset, ds.x.length);
  const hash = (i: number): number => {
    let h = 0x811c9dc5;
    for (let j = i * size; j < (i + 1) * size; j++) h = Math.imul(h ^ (bits[j] as number), 0x01000193);
    return h >>> 0;
  };
  const same = (a: number, b: number): boolean => {
    for (let j = 0; j < size; j++) if (bits[a * size + j] !== bits[b * size + j]) return false;
    return true;
  };
  const seen = new Map<number, { index: number; split: number }[]>();
  const parts = [splits.train, splits.validation, splits.test];
  let leaks = 0;
  parts.forEach((part, split) => {
    for (const i of part) {
      const h = hash(i);
      const bucket = seen.get(h) ?? [];
      if (bucket.some((e) => e.split !== split && same(e.index, i))) leaks += 1;
      bucket.push({ index: i, split });
      seen.set(h, bucket);
    }
  });
  return leaks;
}
