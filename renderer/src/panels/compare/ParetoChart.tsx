import {
  COST_AXES,
  costValue,
  variantParetoFront,
  type CostAxis,
  type VariantComparison,
} from '../../../../graph-core/src/experiments';
import { runColour } from './curves';

const W = 360;
const H = 220;
const PAD = { l: 56, r: 12, t: 12, b: 36 };

/**
 * The metric's mean against a cost, one dot per variant, the Pareto front ringed and joined. Dots take
 * `colourOf(variantKey)` where the caller's other charts colour variants their own way.
 */
export function ParetoChart({
  cmp,
  axis,
  colourOf,
}: {
  cmp: VariantComparison;
  axis: CostAxis;
  colourOf?: (variantKey: string) => string;
}) {
  const front = variantParetoFront(cmp, axis);
  const pts = cmp.variants.flatMap((v, i) => {
    const cost = costValue(v, axis);
    return v.final && cost !== null ? [{ v, i, cost, value: v.final.mean }] : [];
  });
  const label = COST_AXES.find((a) => a.key === axis)?.label ?? axis;
  if (pts.length === 0)
    return (
      <p className="compare-note" data-testid="pareto.none">
        No {label.toLowerCase()} recorded for these runs (runs trained before costs were recorded).
      </p>
    );
  const costs = pts.map((p) => p.cost);
  const values = pts.map((p) => p.value);
  const [c0, c1] = [Math.min(...costs), Math.max(...costs)];
  const [v0, v1] = [Math.min(...values), Math.max(...values)];
  const log = c0 > 0 && c1 / c0 > 20;
  const t = (c: number) => (log ? Math.log10(c) : c);
  const span = (a: number, b: number) => (b - a === 0 ? 1 : b - a);
  const sx = (c: number) =>
    PAD.l +
    ((t(c) - t(c0)) / span(t(c0), t(c1))) * (W - PAD.l - PAD.r) * (c1 === c0 ? 0.5 : 1) +
    (c1 === c0 ? (W - PAD.l - PAD.r) / 2 : 0);
  const sy = (v: number) =>
    H -
    PAD.b -
    ((v - v0) / span(v0, v1)) * (H - PAD.t - PAD.b) * (v1 === v0 ? 0.5 : 1) -
    (v1 === v0 ? (H - PAD.t - PAD.b) / 2 : 0);
  const line = pts
    .filter((p) => front.has(p.v.key))
    .sort((a, b) => a.cost - b.cost)
    .map((p) => `${sx(p.cost).toFixed(1)},${sy(p.value).toFixed(1)}`)
    .join(' ');
  return (
    <figure className="pareto" data-testid="pareto.chart" data-front={front.size} data-points={pts.length}>
      <svg width={W} height={H} role="img" aria-label={`mean ${cmp.metric} against ${label}`}>
        <line x1={PAD.l} y1={H - PAD.b} x2={W - PAD.r} y2={H - PAD.b} stroke="currentColor" />
        <line x1={PAD.l} y1={PAD.t} x2={PAD.l} y2={H - PAD.b} stroke="currentColor" />
        <text x={(W + PAD.l) / 2} y={H - 6} textAnchor="middle" fontSize="11" fill="currentColor">
          {label}
          {log ? ' (log scale)' : ''}
        </text>
        <text
          x={12}
          y={(H - PAD.b) / 2}
          fontSize="11"
          fill="currentColor"
          transform={`rotate(-90 12 ${(H - PAD.b) / 2})`}
          textAnchor="middle"
        >
          mean {cmp.metric}
        </text>
        <text x={PAD.l - 4} y={sy(v1) + 4} textAnchor="end" fontSize="10" fill="currentColor">
          {v1.toFixed(3)}
        </text>
        <text x={PAD.l - 4} y={sy(v0) + 4} textAnchor="end" fontSize="10" fill="currentColor">
          {v0.toFixed(3)}
        </text>
        {line && <polyline points={line} fill="none" stroke="currentColor" strokeDasharray="4 3" />}
        {pts.map((p) => (
          <g key={p.v.key} data-testid={`pareto.point.${p.i}`} data-front={front.has(p.v.key) || undefined}>
            <title>{`${p.v.label}: ${p.value.toFixed(4)} at ${label} ${p.cost.toPrecision(4)}${front.has(p.v.key) ? ' (on the Pareto front)' : ''}`}</title>
            {front.has(p.v.key) && (
              <circle cx={sx(p.cost)} cy={sy(p.value)} r={8} fill="none" stroke="currentColor" />
            )}
            <circle
              cx={sx(p.cost)}
              cy={sy(p.value)}
              r={5}
              fill={colourOf ? colourOf(p.v.key) : runColour(p.i)}
            />
          </g>
        ))}
      </svg>
      <figcaption>
        Ringed and joined: the Pareto front — no other variant is both cheaper and better.
      </figcaption>
    </figure>
  );
}
