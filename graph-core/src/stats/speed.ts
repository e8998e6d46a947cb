/** One point of a validation curve: the epoch and the metric, with that epoch's training time. */
export interface CurvePoint {
  epoch: number;
  value: number | null | undefined;
  /** Milliseconds the epoch took (metrics.jsonl's durationMs). */
  durationMs?: number | null | undefined;
}

export interface TimeToTarget {
  /** The first epoch whose value reaches the target. */
  epoch: number;
  /** Training time up to the end of that epoch (sum of the epochs' durationMs), when all are known. */
  seconds: number | null;
}

/**
 * When a curve first reaches `target`: at or above it for 'max' metrics (accuracy), at or below for
 * 'min' (loss). Null when it never does.
 */
export function timeToTarget(
  curve: readonly CurvePoint[],
  target: number,
  better: 'max' | 'min',
): TimeToTarget | null {
  let ms = 0;
  let timed = true;
  for (const p of [...curve].sort((x, y) => x.epoch - y.epoch)) {
    if (typeof p.durationMs === 'number' && Number.isFinite(p.durationMs)) ms += p.durationMs;
    else timed = false;
    const v = p.value;
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    if (better === 'max' ? v >= target : v <= target)
      return { epoch: p.epoch, seconds: timed ? ms / 1000 : null };
  }
  return null;
}

/**
 * The area under a validation curve over its epochs (trapezoids), divided by the epochs it spans:
 * the curve's average height, so runs of equal length compare, and a run that rises sooner scores
 * higher at an equal end point. One point: its value. Null without points.
 */
export function curveArea(curve: readonly CurvePoint[]): number | null {
  const pts = curve
    .filter(
      (p): p is CurvePoint & { value: number } => typeof p.value === 'number' && Number.isFinite(p.value),
    )
    .sort((x, y) => x.epoch - y.epoch);
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (!first || !last) return null;
  if (pts.length === 1 || last.epoch === first.epoch) return first.value;
  let area = 0;
  for (let i = 1; i < pts.length; i++) {
    const p = pts[i - 1]!;
    const q = pts[i]!;
    area += ((p.value + q.value) / 2) * (q.epoch - p.epoch);
  }
  return area / (last.epoch - first.epoch);
}
