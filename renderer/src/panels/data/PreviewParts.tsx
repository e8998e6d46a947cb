import { useEffect, useRef } from 'react';
import type { DatasetStats } from '../../../../graph-core/src/data';
import { sampleSize, type Dataset } from '../../../../graph-core/src/data';

const GRID = 24;

function ImageSample({ ds, index }: { ds: Dataset; index: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [h, w, c] = ds.featureShape as [number, number, number];
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(w, h);
    const base = index * h * w * c;
    // Min-max per sample so normalised or unusual ranges still show something.
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < h * w * c; i++) {
      const v = ds.x[base + i] ?? 0;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const span = hi > lo ? hi - lo : 1;
    for (let p = 0; p < h * w; p++) {
      for (let k = 0; k < 3; k++) {
        const v = ds.x[base + p * c + (c === 1 ? 0 : k)] ?? 0;
        img.data[p * 4 + k] = Math.round(((v - lo) / span) * 255);
      }
      img.data[p * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [ds, index, h, w, c]);
  return (
    <figure className="data-sample">
      <canvas ref={ref} width={w} height={h} />
      <figcaption>{ds.classNames[ds.y[index] ?? 0] ?? String(ds.y[index])}</figcaption>
    </figure>
  );
}

export function SamplePreview({ ds }: { ds: Dataset }) {
  const shown = Math.min(ds.count, GRID);
  if (ds.modality === 'image' && ds.featureShape.length === 3) {
    return (
      <div className="data-grid" data-testid="data.samples">
        {Array.from({ length: shown }, (_, i) => (
          <ImageSample key={i} ds={ds} index={i} />
        ))}
      </div>
    );
  }
  const size = sampleSize(ds.featureShape);
  const names = Array.from({ length: size }, (_, j) => ds.featureNames?.[j] ?? `x${j + 1}`);
  return (
    <table className="data-table" data-testid="data.samples">
      <thead>
        <tr>
          {names.map((n) => (
            <th key={n}>{n}</th>
          ))}
          <th className="label">label</th>
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: Math.min(shown, 10) }, (_, i) => (
          <tr key={i}>
            {names.map((n, j) => (
              <td key={n}>{Number(ds.x[i * size + j]?.toFixed(4))}</td>
            ))}
            <td>{ds.task === 'classification' ? ds.classNames[ds.y[i] ?? 0] : ds.y[i]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ClassHistogram({ ds, stats }: { ds: Dataset; stats: DatasetStats }) {
  const max = Math.max(1, ...stats.classCounts);
  return (
    <ul className="data-histogram" data-testid="data.histogram" aria-label="Samples per class">
      {stats.classCounts.map((n, k) => (
        <li key={k}>
          <span className="name">{ds.classNames[k] ?? k}</span>
          <span className="bar" style={{ width: `${(100 * n) / max}%` }} />
          <span className="count">{n}</span>
        </li>
      ))}
    </ul>
  );
}

const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : '–');

export function FeatureStats({ stats }: { stats: DatasetStats }) {
  const rows = stats.features.slice(0, 50);
  return (
    <table className="data-table" data-testid="data.stats">
      <thead>
        <tr>
          <th>feature</th>
          <th>min</th>
          <th>max</th>
          <th>mean</th>
          <th>std</th>
          <th>NaN</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((f) => (
          <tr key={f.name}>
            <td>{f.name}</td>
            <td>{fmt(f.min)}</td>
            <td>{fmt(f.max)}</td>
            <td>{fmt(f.mean)}</td>
            <td>{fmt(f.std)}</td>
            <td>{f.nanCount}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
