import { useEffect, useState } from 'react';
import type { SweepState } from '../../../../graph-core/src/experiments';
import { axisValue, parallelAxes } from '../../sweep/results';

const PAD = { left: 50, right: 50, top: 28, bottom: 24 };

/**
 * The chart is drawn at its panel's width in real pixels (no viewBox scaling, so the labels keep
 * their size), and redrawn when the panel resizes. Its height follows the width within 160–240 px.
 */
function useWidth(): [(el: HTMLElement | null) => void, number] {
  const [el, setEl] = useState<HTMLElement | null>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (!el) return;
    const measure = () => setWidth(Math.floor(el.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [el]);
  return [setEl, width];
}

/** One vertical axis per swept param plus the metric; one line per finished variant, in its curve colour. */
export function ParallelCoordinates({
  state,
  metric,
  colourOf,
}: {
  state: SweepState;
  metric: string;
  colourOf: Map<string, string>;
}) {
  const [ref, measured] = useWidth();
  const axes = parallelAxes(state, metric);
  if (axes.length < 2) return null;
  const W = Math.max(240, measured || 560);
  const H = Math.round(Math.min(240, Math.max(160, W * 0.3)));
  const x = (i: number) => PAD.left + (i * (W - PAD.left - PAD.right)) / (axes.length - 1);
  const y = (p: number) => PAD.top + (1 - p) * (H - PAD.top - PAD.bottom);
  const lines = state.variants
    .filter((v) => v.final?.[metric] !== undefined && v.final?.[metric] !== null)
    .map((v) => {
      const pts = axes.map((a, i) => {
        const p = a.position(axisValue(v, a.key));
        return p === null ? null : `${x(i).toFixed(1)},${y(p).toFixed(1)}`;
      });
      return { v, points: pts.every((p) => p !== null) ? pts.join(' ') : null };
    });
  return (
    <figure className="sweep-parallel" ref={ref}>
      <figcaption>Parallel coordinates ({metric}: better at the top)</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width={W}
        height={H}
        role="img"
        aria-label="parallel coordinates"
        data-testid="sweep.parallel"
        data-lines={lines.filter((l) => l.points).length}
      >
        {axes.map((a, i) => (
          <g key={a.key}>
            <line x1={x(i)} x2={x(i)} y1={y(0)} y2={y(1)} stroke="currentColor" strokeOpacity={0.4} />
            <text x={x(i)} y={12} textAnchor="middle" fontSize={11} fill="currentColor">
              {a.label}
            </text>
            {a.ticks.map((t) => (
              <text
                key={t.text + t.at}
                x={x(i) + 4}
                y={y(t.at) + 4}
                fontSize={10}
                fill="currentColor"
                fillOpacity={0.75}
              >
                {t.text}
              </text>
            ))}
          </g>
        ))}
        {lines.map(({ v, points }) =>
          points ? (
            <polyline
              key={v.id}
              points={points}
              fill="none"
              stroke={colourOf.get(v.id)}
              strokeWidth={2}
              strokeOpacity={0.85}
            >
              <title>{`${v.id} ${v.label}`}</title>
            </polyline>
          ) : null,
        )}
      </svg>
    </figure>
  );
}
