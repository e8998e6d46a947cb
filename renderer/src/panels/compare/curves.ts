/** Curves of several runs on shared axes, shaped for uPlot (one x array, one values array per run). */

export interface RunCurves {
  id: string;
  label: string;
  /** metrics.jsonl records: { epoch, loss, acc, val_loss, val_acc, lr, durationMs, … }. */
  metrics: readonly Record<string, unknown>[];
}

export type XAxis = 'epoch' | 'time';

/** The curves the Compare view offers, in the order it shows them. */
export const CURVE_METRICS = ['loss', 'val_loss', 'acc', 'val_acc', 'lr'] as const;

export interface Overlay {
  /** Strictly ascending, as uPlot needs. */
  x: number[];
  series: { id: string; label: string; values: (number | null)[] }[];
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Points of one run: x is the epoch, or seconds of training since the run started (epoch ends). */
export function runPoints(run: RunCurves, metric: string, axis: XAxis): [number, number][] {
  const points: [number, number][] = [];
  let elapsedMs = 0;
  run.metrics.forEach((m, i) => {
    if (finite(m.durationMs)) elapsedMs += m.durationMs;
    const x = axis === 'epoch' ? (finite(m.epoch) ? m.epoch : i + 1) : elapsedMs / 1000;
    const y = m[metric];
    if (finite(y)) points.push([x, y]);
  });
  return points;
}

/** Metrics at least one run has a number for, in CURVE_METRICS order. */
export function availableMetrics(runs: readonly RunCurves[]): string[] {
  return CURVE_METRICS.filter((k) => runs.some((r) => r.metrics.some((m) => finite(m[k]))));
}

/**
 * Puts every run's curve on one x axis: the union of all x values, with null where a run has no
 * point (uPlot bridges those gaps with spanGaps, so runs sampled at other times still draw lines).
 */
export function overlay(runs: readonly RunCurves[], metric: string, axis: XAxis): Overlay {
  const perRun = runs.map((r) => new Map(runPoints(r, metric, axis)));
  const x = [...new Set(perRun.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  return {
    x,
    series: runs.map((r, i) => ({
      id: r.id,
      label: r.label,
      values: x.map((v) => perRun[i]?.get(v) ?? null),
    })),
  };
}

/** Distinct colours for up to 10 runs, then repeating; chosen to read on light and dark themes. */
export const RUN_COLOURS = [
  '#2f7bd8',
  '#e0702a',
  '#2ca05a',
  '#c43c5c',
  '#8a5cd0',
  '#9a7a20',
  '#1aa3a3',
  '#d04fb0',
  '#5a6b7d',
  '#7cb342',
];
export const runColour = (i: number): string => RUN_COLOURS[i % RUN_COLOURS.length] as string;
