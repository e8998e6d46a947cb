/** Pure numbers behind the evaluation views (no tfjs): tested on their own. */
import type { ClassStat, Histogram } from '../runs/evaluation-types';

/** [true][predicted] counts; labels or predictions outside 0..numClasses-1 are a programmer bug. */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>, numClasses: number) {
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const row = m[labels[i]!];
    const p = predicted[i]!;
    if (!row || p < 0 || p >= numClasses) throw new Error(`class out of range at ${i}`);
    row[p]! += 1;
  }
  return m;
}

export function perClassStats(confusion: number[][], classNames: readonly string[]): ClassStat[] {
  return confusion.map((row, c) => {
    const count = row.reduce((a, b) => a + b, 0);
    const correct = row[c] ?? 0;
    return { name: classNames[c] ?? String(c), count, correct, accuracy: count ? correct / count : null };
  });
}

/** Equal-width bins over [min, max]; non-finite values are left out (and so visible as a short total). */
export function histogram(
  values: ArrayLike<number>,
  bins: number,
): Pick<Histogram, 'min' | 'max' | 'counts'> {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const counts = new Array<number>(bins).fill(0);
  if (min === Infinity) return { min: 0, max: 0, counts };
  const width = (max - min) / bins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    const b = width > 0 ? Math.min(bins - 1, Math.floor((v - min) / width)) : 0;
    counts[b]! += 1;
  }
  return { min, max, counts };
}

/**
 * Which samples to show: misclassified first (most confident mistakes first, the most telling),
 * then correct ones in split order, `limit` in all.
 */
export function pickSamples(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  confidence: ArrayLike<number>,
  limit: number,
): number[] {
  const wrong: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] === predicted[i] ? right : wrong).push(i);
  wrong.sort((a, b) => confidence[b]! - confidence[a]! || a - b);
  return [...wrong, ...right].slice(0, limit);
}

/** Row-wise argmax and max of a [rows, cols] probability matrix. */
export function argMaxRows(
  probs: ArrayLike<number>,
  cols: number,
): { index: Int32Array; value: Float32Array } {
  const rows = Math.floor(probs.length / cols);
  const index = new Int32Array(rows);
  const value = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let bestV = -Infinity;
    for (let c = 0; c < cols; c++) {
      const v = probs[r * cols + c]!;
      if (v > bestV) {
        bestV = v;
        best = c;
      }
    }
    index[r] = best;
    value[r] = bestV;
  }
  return { index, value };
}
