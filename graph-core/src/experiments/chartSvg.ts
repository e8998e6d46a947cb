import { epochScale, formatTick, logScale, niceScale, wantsLogScale, type AxisScale } from './chartScale';

/** One line of a run's metrics.jsonl, as read from disk: `epoch` plus numbers (or null). */
export type EpochRow = Readonly<Record<string, unknown>>;

/** One run to draw: its legend label and its per-epoch metrics in file order. */
export interface ChartRun {
  label: string;
  rows: readonly EpochRow[];
  /**
   * A band to shade behind the line, per metric, aligned with `rows` ([low, high] or null where
   * there is none): the spread over seeds around a mean curve.
   */
  bands?: Readonly<Record<string, readonly (readonly [number, number] | null)[]>>;
}

export interface MetricChartOptions {
  /** Drawn above the panels; also the SVG's accessible name. */
  title?: string;
  /** One panel per metric, left to right. Defaults to validation accuracy and loss. */
  metrics?: readonly string[];
  /** Size of one panel, axes included, in px. */
  panelWidth?: number;
  panelHeight?: number;
}

/**
 * Okabe & Ito's palette, told apart with every common colour-vision deficiency; its yellow is left
 * out, too faint on white. Runs beyond it reuse the colours dashed.
 */
export const CHART_PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3'];
// System fonts only: the SVG must render the same on GitHub, in the app and offline.
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

const METRIC_TITLES: Readonly<Record<string, string>> = {
  loss: 'Training loss',
  acc: 'Training accuracy',
  val_loss: 'Validation loss',
  val_acc: 'Validation accuracy',
  lr: 'Learning rate',
};
export const metricTitle = (m: string) => METRIC_TITLES[m] ?? m;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const r1 = (v: number) => Math.round(v * 10) / 10;

export function seriesStyle(index: number): { color: string; dash: string } {
  const n = CHART_PALETTE.length;
  return {
    color: CHART_PALETTE[index % n] as string,
    dash: DASHES[Math.floor(index / n) % DASHES.length] as string,
  };
}

/** The (epoch, value) pairs of one metric; rows without a finite value leave a gap. */
export function metricPoints(rows: readonly EpochRow[], metric: string): ([number, number] | null)[] {
  return rows.map((row, i) => {
    const epoch = typeof row.epoch === 'number' && Number.isFinite(row.epoch) ? row.epoch : i + 1;
    const v = row[metric];
    return typeof v === 'number' && Number.isFinite(v) ? [epoch, v] : null;
  });
}

/** A run's band for one metric as (epoch, low, high), finite points only. */
function bandPoints(run: ChartRun, metric: string): [number, number, number][] {
  const band = run.bands?.[metric];
  if (!band) return [];
  const out: [number, number, number][] = [];
  run.rows.forEach((row, i) => {
    const b = band[i];
    const epoch = typeof row.epoch === 'number' && Number.isFinite(row.epoch) ? row.epoch : i + 1;
    if (b && Number.isFinite(b[0]) && Number.isFinite(b[1])) out.push([epoch, b[0], b[1]]);
  });
  return out;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const PAD = { left: 52, right: 14, top: 26, bottom: 40 };

function panel(runs: readonly ChartRun[], metric: string, at: Box): string {
  const series = runs.map((r) => metricPoints(r.rows, metric));
  const bands = runs.map((r) => bandPoints(r, metric));
  const present = series.flat().filter((p): p is [number, number] => p !== null);
  const bandValues = bands.flat().flatMap((b) => [b[1], b[2]]);
  const plot = {
    x: at.x + PAD.left,
    y: at.y + PAD.top,
    w: at.w - PAD.left - PAD.right,
    h: at.h - PAD.top - PAD.bottom,
  };
  const xs = epochScale(Math.max(1, ...present.map((p) => p[0])));
  const values = [...present.map((p) => p[1]), ...bandValues];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const ys: AxisScale =
    values.length === 0
      ? niceScale(0, 1)
      : metric.includes('loss') && wantsLogScale(values)
        ? logScale(lo, hi)
        : niceScale(lo, hi);
  const fy = ys.log ? Math.log10 : (v: number) => v;
  const X = (v: number) => r1(plot.x + ((v - xs.min) / (xs.max - xs.min || 1)) * plot.w);
  const Y = (v: number) =>
    r1(plot.y + plot.h - ((fy(v) - fy(ys.min)) / (fy(ys.max) - fy(ys.min) || 1)) * plot.h);
  const out: string[] = [`<g class="panel" data-metric="${escapeXml(metric)}">`];
  out.push(
    `<text x="${r1(plot.x + plot.w / 2)}" y="${at.y + 16}" text-anchor="middle" font-size="13" font-weight="600">${escapeXml(metricTitle(metric))}${ys.log ? ' (log scale)' : ''}</text>`,
  );
  for (const t of ys.ticks) {
    out.push(
      `<line x1="${plot.x}" x2="${r1(plot.x + plot.w)}" y1="${Y(t)}" y2="${Y(t)}" stroke="#e3e3e3"/>`,
      `<text x="${plot.x - 6}" y="${Y(t) + 4}" text-anchor="end" font-size="11" fill="#444">${formatTick(t)}</text>`,
    );
  }
  for (const t of xs.ticks) {
    out.push(
      `<line x1="${X(t)}" x2="${X(t)}" y1="${r1(plot.y + plot.h)}" y2="${r1(plot.y + plot.h + 4)}" stroke="#444"/>`,
      `<text x="${X(t)}" y="${r1(plot.y + plot.h + 17)}" text-anchor="middle" font-size="11" fill="#444">${t}</text>`,
    );
  }
  out.push(
    `<path d="M${plot.x} ${plot.y}V${r1(plot.y + plot.h)}H${r1(plot.x + plot.w)}" fill="none" stroke="#444"/>`,
    `<text x="${r1(plot.x + plot.w / 2)}" y="${r1(at.y + at.h - 4)}" text-anchor="middle" font-size="11" fill="#444">epoch</text>`,
  );
  bands.forEach((band, i) => {
    if (band.length === 0) return;
    const upper = band.map((b) => `${X(b[0])} ${Y(b[2])}`);
    const lower = band.map((b) => `${X(b[0])} ${Y(b[1])}`).reverse();
    out.push(
      `<path class="band" data-run="${i}" d="M${[...upper, ...lower].join('L')}Z" fill="${seriesStyle(i).color}" fill-opacity="0.18" stroke="none"/>`,
    );
  });
  const markers = Math.max(0, ...series.map((s) => s.length)) <= 30;
  series.forEach((points, i) => {
    const { color, dash } = seriesStyle(i);
    let d = '';
    let pen = false;
    for (const p of points) {
      if (p === null) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${X(p[0])} ${Y(p[1])}`;
      pen = true;
    }
    if (d === '') return;
    const dashAttr = dash ? ` stroke-dasharray="${dash}"` : '';
    out.push(
      `<path class="series" data-run="${i}" d="${d}" fill="none" stroke="${color}" stroke-width="2.2" stroke-linejoin="round"${dashAttr}/>`,
    );
    if (!markers) return;
    for (const p of points) {
      if (p) out.push(`<circle cx="${X(p[0])}" cy="${Y(p[1])}" r="3" fill="${color}"/>`);
    }
  });
  out.push('</g>');
  return out.join('\n');
}

/** Legend entries wrapped into rows that fit `width`; widths estimated from character counts. */
function legend(runs: readonly ChartRun[], x: number, y: number, width: number): { svg: string; h: number } {
  const out: string[] = ['<g class="legend" font-size="12">'];
  let cx = x;
  let cy = y;
  runs.forEach((run, i) => {
    const { color, dash } = seriesStyle(i);
    const w = 34 + run.label.length * 7 + 18;
    if (cx > x && cx + w > x + width) {
      cx = x;
      cy += 20;
    }
    const dashAttr = dash ? ` stroke-dasharray="${dash}"` : '';
    out.push(
      `<line x1="${cx}" x2="${cx + 26}" y1="${cy}" y2="${cy}" stroke="${color}" stroke-width="2.2"${dashAttr}/>`,
      `<circle cx="${cx + 13}" cy="${cy}" r="3" fill="${color}"/>`,
      `<text x="${cx + 32}" y="${cy + 4}">${escapeXml(run.label)}</text>`,
    );
    cx += w;
  });
  out.push('</g>');
  return { svg: out.join('\n'), h: runs.length === 0 ? 0 : cy - y + 20 };
}

/**
 * Overlaid per-epoch curves of several runs as a standalone SVG document: one panel per metric on
 * shared epoch axes, one colour per run, a legend below. Pure: the same input gives the same bytes.
 */
export function renderMetricChartSvg(runs: readonly ChartRun[], options: MetricChartOptions = {}): string {
  const metrics = options.metrics ?? ['val_acc', 'val_loss'];
  const pw = options.panelWidth ?? 380;
  const ph = options.panelHeight ?? 260;
  const title = options.title ?? 'Run comparison';
  const width = Math.max(1, metrics.length) * pw + 20;
  const top = 40;
  const panels = metrics.map((m, i) => panel(runs, m, { x: 10 + i * pw, y: top, w: pw, h: ph }));
  const leg = legend(runs, 10 + PAD.left, top + ph + 18, width - 20 - PAD.left);
  const height = top + ph + 18 + leg.h;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}" font-family="${FONT}" fill="#222">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="26" text-anchor="middle" font-size="16" font-weight="600">${escapeXml(title)}</text>`,
    ...panels,
    leg.svg,
    '</svg>',
    '',
  ].join('\n');
}
