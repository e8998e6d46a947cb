/** Axis arithmetic for the comparison charts: round ranges and readable tick labels. */

export interface AxisScale {
  min: number;
  max: number;
  ticks: number[];
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
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return niceScale(lo - pad, hi + pad, target);
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
