/** Axis arithmetic for the comparison charts: round ranges and readable tick labels. */

export interface AxisScale {
  min: number;
  max: number;
  ticks: number[];
  /** Values map to positions by their logarithm. */
  log?: boolean;
}

/** 1, 2 or 5 times a power of ten, the smallest not below `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const f = rough / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

/**
 * A range with round ends that covers [lo, hi] and about `target` ticks inside it. A flat series
 * (lo = hi) is widened around its value so its line sits mid-plot instead of on an edge.
 */
export function niceScale(lo: number, hi: number, target = 5): AxisScale {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) return niceScale(0, 1, target);
  // Differences below display precision count as flat too (and would round to an empty range).
  if (hi - lo <= 1e-9 * Math.max(1, Math.abs(lo))) {
    const mid = (lo + hi) / 2;
    const pad = Math.max(Math.abs(mid) * 0.1, 1e-3);
    return niceScale(mid - pad, mid + pad, target);
  }
  const step = niceStep((hi - lo) / Math.max(1, target - 1));
  const min = Math.floor(lo / step + 1e-9) * step;
  const max = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  const count = Math.round((max - min) / step);
  // Multiplying rather than accumulating keeps 0.1 + 0.2 noise out of the labels.
  for (let i = 0; i <= count; i++) ticks.push(roundTo(min + i * step, step));
  return { min: roundTo(min, step), max: roundTo(max, step), ticks };
}

/** Epochs are whole numbers: ticks on integers, thinned to at most `maxTicks`. */
export function epochScale(last: number, maxTicks = 10): AxisScale {
  const max = Math.max(1, Math.ceil(last));
  // A one-epoch run still needs a span to draw on: centre its single point.
  if (max === 1) return { min: 0.5, max: 1.5, ticks: [1] };
  const step = Math.max(1, Math.ceil(max / maxTicks));
  const ticks: number[] = [];
  for (let e = 1; e <= max; e += step) ticks.push(e);
  if (ticks[ticks.length - 1] !== max) ticks.push(max);
  return { min: 1, max, ticks };
}

function decimals(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

function roundTo(v: number, step: number): number {
  const d = Math.min(12, decimals(step) + 1);
  return Number(v.toFixed(d));
}

/** Tick labels with just enough decimals to tell neighbours apart ("0.85", "0.9", "1"). */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(0).replace('e+', 'e');
  return String(Number(v.toPrecision(6)));
}

/**
 * Losses that span orders of magnitude (a diverged learning rate next to good ones) read better on
 * a log axis: only for strictly positive data spread over at least `ratio`.
 */
export function wantsLogScale(values: readonly number[], ratio = 20): boolean {
  if (values.length === 0 || values.some((v) => !(v > 0))) return false;
  return Math.max(...values) / Math.min(...values) >= ratio;
}

/** A log axis from a 1-2-5 tick below `lo` to one above `hi`; 1-2-5 ticks while the data spans up to 2.5 decades, else powers of ten. */
export function logScale(lo: number, hi: number): AxisScale {
  const e0 = Math.floor(Math.log10(lo) + 1e-9);
  const e1 = Math.ceil(Math.log10(hi) - 1e-9);
  const mantissas = Math.log10(hi / lo) <= 2.5 ? [1, 2, 5] : [1];
  const candidates: number[] = [];
  for (let e = e0; e <= e1; e++)
    for (const m of mantissas) candidates.push(Number((m * 10 ** e).toPrecision(6)));
  const below = candidates.filter((t) => t <= lo * (1 + 1e-9));
  const above = candidates.filter((t) => t >= hi * (1 - 1e-9));
  const min = below[below.length - 1] ?? candidates[0] ?? lo;
  const max = above[0] ?? candidates[candidates.length - 1] ?? hi;
  return { min, max, ticks: candidates.filter((t) => t >= min && t <= max), log: true };
}
