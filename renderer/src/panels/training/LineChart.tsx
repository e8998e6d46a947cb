import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import '../../charts/charts.css';
import { STATIC_LEGEND, xAxis } from '../../charts/axes';
import { fitChartToBox, plotSizeFor } from './chartSize';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
}

interface Props {
  title: string;
  testId: string;
  x: number[];
  series: ChartSeries[];
  /** Changes whenever the arrays grew (they are grown in place). */
  version: number;
  xLabel: string;
}

/** uPlot line chart; data is handed over by reference, so thousands of points cost one redraw. */
export function LineChart({ title, testId, x, series, version, xLabel }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const labels = series.map((s) => s.label).join('|');
  // The chart is built a task later, by when newer data may have come.
  const latest = useRef({ x, series });
  latest.current = { x, series };

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let chart: uPlot | null = null;
    let stopFitting: (() => void) | null = null;
    // Each chart is built in a task of its own: four at once blocked the page for over 50 ms.
    const build = setTimeout(() => {
      const opts: uPlot.Options = {
        title,
        ...plotSizeFor(el, null, 200),
        scales: { x: { time: false } },
        axes: [xAxis(xLabel, xLabel === 'epoch' || xLabel === 'batch'), { stroke: 'currentColor' }],
        legend: STATIC_LEGEND,
        series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, spanGaps: true }))],
      };
      const now = latest.current;
      const data = [now.x, ...now.series.map((s) => s.values)] as uPlot.AlignedData;
      const built = new uPlot(opts, data, el);
      chart = built;
      plot.current = built;
      stopFitting = fitChartToBox(el, built, 200);
    }, 0);
    return () => {
      clearTimeout(build);
      stopFitting?.();
      chart?.destroy();
      plot.current = null;
    };
    // Rebuilt only when the set of series changes; data updates go through setData below.
  }, [title, labels, xLabel]);

  useEffect(() => {
    plot.current?.setData([x, ...series.map((s) => s.values)] as uPlot.AlignedData);
  }, [version, x, series]);

  return <div className="training-chart" ref={box} data-testid={testId} data-points={x.length} />;
}
