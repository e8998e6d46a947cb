import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import type { VariantCurveBand } from '../../../../graph-core/src/experiments';
import { bandName } from '../../../../graph-core/src/stats';
import { xAxis } from '../../charts/axes';
import 'uplot/dist/uPlot.min.css';
import '../../charts/charts.css';
import { runColour } from './curves';

interface Props {
  title: string;
  metric: string;
  x: number[];
  variants: readonly VariantCurveBand[];
}

/** Translucent fill in a run colour (#rrggbb) for its band. */
const fill = (hex: string) => `${hex}33`;

/**
 * Each variant's mean curve over its seeds with its band filled behind it (uPlot bands between the
 * band's high and low series, which draw no line of their own).
 */
export function BandChart({ title, metric, x, variants }: Props) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || x.length === 0) return;
    const series: uPlot.Series[] = [{}];
    const bands: uPlot.Band[] = [];
    const data: (number | null)[][] = [x];
    variants.forEach((v, i) => {
      const colour = runColour(i);
      const at = series.length;
      series.push(
        { label: `${v.label} (mean, ${bandName(v.band)})`, stroke: colour, width: 2, spanGaps: true },
        { label: `${v.label} high`, stroke: 'transparent', spanGaps: true, points: { show: false } },
        { label: `${v.label} low`, stroke: 'transparent', spanGaps: true, points: { show: false } },
      );
      data.push(v.mean, v.high, v.low);
      if (v.band !== 'none') bands.push({ series: [at + 1, at + 2], fill: fill(colour) });
    });
    const chart = new uPlot(
      {
        title,
        width: Math.max(240, el.clientWidth),
        height: 200,
        scales: { x: { time: false } },
        axes: [xAxis('epoch', true), { stroke: 'currentColor' }],
        // The band edges are series too: the legend below names only the means.
        legend: { show: false },
        series,
        bands,
      },
      data as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(240, el.clientWidth), height: 200 }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [title, x, variants]);
  return (
    <div className="band-chart-box">
      <div
        className="compare-chart band-chart"
        ref={box}
        data-testid={`bands.chart.${metric}`}
        data-variants={variants.length}
        data-bands={variants.filter((v) => v.band !== 'none').length}
      />
      <ul className="band-legend" data-testid={`bands.legend.${metric}`}>
        {variants.map((v, i) => (
          <li key={v.key}>
            <i style={{ background: runColour(i) }} /> {v.label} — mean, {bandName(v.band)} band
          </li>
        ))}
      </ul>
    </div>
  );
}
