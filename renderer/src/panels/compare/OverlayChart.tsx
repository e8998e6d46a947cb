import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { STATIC_LEGEND, xAxis } from '../../charts/axes';
import 'uplot/dist/uPlot.min.css';
import '../../charts/charts.css';
import { runColour, type Overlay } from './curves';

interface Props {
  title: string;
  metric: string;
  overlay: Overlay;
  xLabel: string;
}

/** One metric of every compared run on shared axes; rebuilt when the data changes (a few hundred points). */
export function OverlayChart({ title, metric, overlay, xLabel }: Props) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const chart = new uPlot(
      {
        title,
        width: Math.max(240, el.clientWidth),
        height: 190,
        scales: { x: { time: false } },
        axes: [xAxis(xLabel, xLabel === 'epoch'), { stroke: 'currentColor' }],
        legend: STATIC_LEGEND,
        series: [
          {},
          ...overlay.series.map((s, i) => ({
            label: s.label,
            stroke: runColour(i),
            width: 1.5,
            spanGaps: true,
            points: { show: overlay.x.length < 40 },
          })),
        ],
      },
      [overlay.x, ...overlay.series.map((s) => s.values)] as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(240, el.clientWidth), height: 190 }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [title, overlay, xLabel]);
  return (
    <div
      className="compare-chart"
      ref={box}
      data-testid={`compare.chart.${metric}`}
      data-series={overlay.series.length}
      data-points={overlay.x.length}
    />
  );
}
