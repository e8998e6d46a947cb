import { useEffect, useRef } from 'react';
import type { DecisionBoundary, Histogram } from '../../../../graph-core/src/runs';

const PALETTE = [
  '#3b82f6',
  '#f59e0b',
  '#10b981',
  '#ef4444',
  '#a855f7',
  '#14b8a6',
  '#f97316',
  '#6366f1',
  '#84cc16',
  '#ec4899',
];

export function HistogramBars({ h }: { h: Histogram }) {
  const peak = Math.max(1, ...h.counts);
  const w = 160;
  const bw = w / h.counts.length;
  return (
    <figure className="eval-hist" data-testid={`eval.hist.${h.kind}.${h.nodeId}`}>
      <svg width={w} height={48} role="img" aria-label={`${h.kind} of ${h.nodeId}`}>
        {h.counts.map((c, i) => (
          <rect
            key={i}
            x={i * bw}
            y={48 - (c / peak) * 46}
            width={Math.max(1, bw - 1)}
            height={(c / peak) * 46}
            fill={h.kind === 'weights' ? '#3b82f6' : '#10b981'}
          />
        ))}
      </svg>
      <figcaption>
        {h.nodeId} {h.kind} [{h.min.toPrecision(2)}, {h.max.toPrecision(2)}]
      </figcaption>
    </figure>
  );
}

/** Predicted class over the plane, with the held-out points on top (as in TensorFlow Playground). */
export function BoundaryPlot({ b }: { b: DecisionBoundary }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const size = 240;
    const cell = size / b.resolution;
    ctx.clearRect(0, 0, size, size);
    ctx.globalAlpha = 0.35;
    for (let row = 0; row < b.resolution; row++)
      for (let col = 0; col < b.resolution; col++) {
        ctx.fillStyle = PALETTE[(b.classes[row * b.resolution + col] ?? 0) % PALETTE.length]!;
        ctx.fillRect(col * cell, size - (row + 1) * cell, cell + 0.5, cell + 0.5);
      }
    ctx.globalAlpha = 1;
    for (const p of b.points) {
      const x = ((p.x - b.xMin) / (b.xMax - b.xMin)) * size;
      const y = size - ((p.y - b.yMin) / (b.yMax - b.yMin)) * size;
      ctx.fillStyle = PALETTE[p.label % PALETTE.length]!;
      ctx.strokeStyle = '#fff';
      ctx.beginPath();
      ctx.arc(x, y, 3, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
    }
  }, [b]);
  return <canvas ref={ref} width={240} height={240} data-testid="eval.boundary" />;
}
