import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochScale, formatTick, niceScale } from './chartScale';
import { CHART_PALETTE, escapeXml, renderMetricChartSvg, type ChartRun } from './chartSvg';

/**
 * A strict-enough well-formedness check: balanced tags, quoted attributes, no stray `<` or `&` in
 * text or attributes. Returns the first problem, or null.
 */
function xmlProblem(text: string): string | null {
  const stack: string[] = [];
  const token =
    /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<|&(?!#\d+;|amp;|lt;|gt;|quot;|apos;)/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(text)) !== null) {
    if (m[2] === undefined) return `stray ${m[0]} at ${m.index}`;
    const [, close, name, , selfClose] = m;
    if (close) {
      if (stack.pop() !== name) return `unbalanced </${name}> at ${m.index}`;
    } else if (!selfClose) stack.push(name);
  }
  return stack.length > 0 ? `unclosed <${stack.join('>, <')}>` : null;
}

const rows = (accs: (number | null)[], losses: (number | null)[] = accs.map((a) => (a ? 1 - a : null))) =>
  accs.map((a, i) => ({ epoch: i + 1, val_acc: a, val_loss: losses[i] ?? null, loss: 0.5 }));

const runs: ChartRun[] = [
  { label: 'sigmoid', rows: rows([0.6, 0.75, 0.86]) },
  { label: 'tanh', rows: rows([0.8, 0.85, 0.88]) },
  { label: 'relu', rows: rows([0.82, 0.89, 0.9]) },
];

const attr = (el: string, name: string) => el.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
const seriesPaths = (svg: string, metric: string) => {
  const group = svg.split('<g class="panel"').find((g) => g.startsWith(` data-metric="${metric}"`)) ?? '';
  return group.match(/<path class="series"[^>]*>/g) ?? [];
};
/** The y coordinates a series path passes through. */
const pathYs = (el: string) =>
  (attr(el, 'd') ?? '')
    .split(/[ML]/)
    .filter(Boolean)
    .map((p) => Number(p.split(' ')[1]));

describe('renderMetricChartSvg', () => {
  it('produces a well-formed standalone SVG with a title, white background and no external fonts', () => {
    const svg = renderMetricChartSvg(runs, { title: 'Activation' });
    expect(xmlProblem(svg)).toBeNull();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('<title>Activation</title>');
    expect(svg).toContain('<rect width=');
    expect(svg).not.toMatch(/@import|@font-face|href=/);
  });

  it('draws one path per run in every panel, each in its own palette colour', () => {
    const svg = renderMetricChartSvg(runs, { metrics: ['val_acc', 'val_loss', 'loss'] });
    for (const metric of ['val_acc', 'val_loss', 'loss']) {
      const paths = seriesPaths(svg, metric);
      expect(paths).toHaveLength(3);
      expect(paths.map((p) => attr(p, 'stroke'))).toEqual(CHART_PALETTE.slice(0, 3));
    }
  });

  it('skips a run that has no value for a metric and breaks lines at missing epochs', () => {
    const svg = renderMetricChartSvg([
      { label: 'a', rows: rows([0.5, null, 0.7]) },
      { label: 'no validation', rows: [{ epoch: 1, loss: 1, val_acc: null }] },
    ]);
    const paths = seriesPaths(svg, 'val_acc');
    expect(paths).toHaveLength(1);
    expect(attr(paths[0] as string, 'd')?.match(/M/g)).toHaveLength(2);
    expect(svg).toContain('>no validation</text>');
  });

  it('escapes labels and titles', () => {
    const svg = renderMetricChartSvg([{ label: 'a<b & "c"', rows: rows([0.5]) }], { title: "x<y & it's" });
    expect(xmlProblem(svg)).toBeNull();
    expect(svg).toContain('a&#60;b &#38; &#34;c&#34;');
    expect(svg).toContain('<title>x&#60;y &#38; it&#39;s</title>');
  });

  it('keeps every point inside the plot area whatever the values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 12 }), {
          minLength: 1,
          maxLength: 9,
        }),
        (series) => {
          const svg = renderMetricChartSvg(
            series.map((s, i) => ({ label: `r${i}`, rows: s.map((v, e) => ({ epoch: e + 1, val_acc: v })) })),
            { metrics: ['val_acc'], panelHeight: 260 },
          );
          expect(xmlProblem(svg)).toBeNull();
          const paths = seriesPaths(svg, 'val_acc');
          expect(paths).toHaveLength(series.length);
          // The plot spans y 66…286 (title band 40, panel padding 26 above and 40 below).
          for (const p of paths) for (const y of pathYs(p)) expect(y).toBeGreaterThanOrEqual(65.9);
          for (const p of paths) for (const y of pathYs(p)) expect(y).toBeLessThanOrEqual(286.1);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is deterministic', () => {
    expect(renderMetricChartSvg(runs)).toBe(renderMetricChartSvg(runs));
  });
});

describe('chart scales', () => {
  it.each([
    [0.6, 0.9],
    [0.0142, 1.2346],
    [0.26, 10.03],
    [-3, 7],
    [5, 5],
    [0, 0],
  ])('niceScale(%d, %d) covers the data with round, ascending ticks', (lo, hi) => {
    const s = niceScale(lo, hi);
    expect(s.min).toBeLessThanOrEqual(lo);
    expect(s.max).toBeGreaterThanOrEqual(hi);
    expect(s.ticks[0]).toBe(s.min);
    expect(s.ticks[s.ticks.length - 1]).toBe(s.max);
    expect(s.ticks.length).toBeGreaterThanOrEqual(3);
    expect(s.ticks.length).toBeLessThanOrEqual(11);
    for (const t of s.ticks) expect(formatTick(t).length).toBeLessThanOrEqual(6);
  });

  it.each([
    [1, [1]],
    [3, [1, 2, 3]],
    [25, [1, 4, 7, 10, 13, 16, 19, 22, 25]],
  ])('epochScale(%d) ticks whole epochs up to the last', (last, ticks) => {
    const s = epochScale(last);
    expect(s.ticks).toEqual(ticks);
    expect(s.max).toBeGreaterThanOrEqual(last);
  });

  it('escapeXml leaves plain text alone', () => {
    expect(escapeXml('val_acc 0.9')).toBe('val_acc 0.9');
  });
});
