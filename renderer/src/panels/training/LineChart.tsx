import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

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

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const opts: uPlot.Options = {
      title,
      width: Math.max(200, el.clientWidth),
      height: 170,
      scales: { x: { time: false } },
      axes: [{ label: xLabel, stroke: 'currentColor' }, { stroke: 'currentColor' }],
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, spanGaps: true }))],
    };
    const chart = new uPlot(opts, [x, ...series.map((s) => s.values)] as uPlot.AlignedData, el);
    plot.current = chart;
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(200, el.clientWidth), height: 170 }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // Rebuilt only when the set of series changes; data updates go through setData below.
  }, [title, labels, xLabel]);

  useEffect(() => {
    plot.current?.setData([x, ...series.map((s) => s.values)] as uPlot.AlignedData);
  }, [version, x, series]);

  return <div className="training-chart" ref={box} data-testid={testId} data-points={x.length} />;
}
