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

/** '#3b82f6' → [59, 130, 246]. */
const rgb = (hex: string): [number, number, number] => [
  parseInt(hex.slice(1, 3), 16),
  parseInt(hex.slice(3, 5), 16),
  parseInt(hex.slice(5, 7), 16),
];

/**
 * Predicted class over the plane, with the held-out points on top (as in TensorFlow Playground).
 * Painted cheaply enough to redraw a few times a second while training: the class grid goes in as
 * one resolution² image scaled up, and the points as one path per class.
 */
export function BoundaryPlot({ b, testId = 'eval.boundary' }: { b: DecisionBoundary; testId?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const size = 240;
    const r = b.resolution;
    const image = new ImageData(r, r);
    for (let row = 0; row < r; row++)
      for (let col = 0; col < r; col++) {
        // Row 0 is yMin, drawn at the bottom.
        const o = 4 * ((r - 1 - row) * r + col);
        const [red, green, blue] = rgb(PALETTE[(b.classes[row * r + col] ?? 0) % PALETTE.length]!);
        image.data.set([red, green, blue, 90], o);
      }
    const grid = document.createElement('canvas');
    grid.width = r;
    grid.height = r;
    grid.getContext('2d')?.putImageData(image, 0, 0);
    ctx.clearRect(0, 0, size, size);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(grid, 0, 0, size, size);
    ctx.strokeStyle = '#fff';
    const classes = new Set(b.points.map((p) => p.label));
    for (const label of classes) {
      ctx.beginPath();
      for (const p of b.points) {
        if (p.label !== label) continue;
        const x = ((p.x - b.xMin) / (b.xMax - b.xMin)) * size;
        const y = size - ((p.y - b.yMin) / (b.yMax - b.yMin)) * size;
        ctx.moveTo(x + 3, y);
        ctx.arc(x, y, 3, 0, Math.PI * 2);
      }
      ctx.fillStyle = PALETTE[label % PALETTE.length]!;
      ctx.fill();
      ctx.stroke();
    }
  }, [b]);
  return <canvas ref={ref} width={240} height={240} data-testid={testId} />;
}
