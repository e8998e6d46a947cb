import type uPlot from 'uplot';

/** Tick steps for counts (epochs, batches): never 1.2 or 1.4 of an epoch. */
const INTEGER_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000];

/** The x axis of a metrics chart: integer ticks when x counts epochs or batches, plain numbers otherwise. */
export function xAxis(label: string, integer: boolean): uPlot.Axis {
  return integer
    ? {
        label,
        stroke: 'currentColor',
        incrs: INTEGER_STEPS,
        values: (_u, ticks) => ticks.map((t) => String(t)),
      }
    : { label, stroke: 'currentColor' };
}

/** Series toggles without uPlot's live "Value: --" readout, which reads as noise under small charts. */
export const STATIC_LEGEND: uPlot.Legend = { live: false };
