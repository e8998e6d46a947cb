import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochScale, formatTick, logScale, niceScale, wantsLogScale } from './chartScale';
import { CHART_PALETTE, escapeXml, renderMetricChartSvg, type ChartRun } from './chartSvg';

/**
 * A strict-enough well-formedness check: balanced tags, quoted attributes, no stray `<` or `&` in
 * text or attributes. Returns the first problem, or null.
 */
function xmlProblem(text: string): string | null {
  const stack: string[] = [];
  const token =
    /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="(?:[^"<&]|&(?:#\d+|amp|lt|gt|quot|apos);)*")*)\s*(\/?)>|<|&(?!#\d+;|amp;|lt;|gt;|quot;|apos;)/g;
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

describe('the well-formedness check used here', () => {
  it.each(['<a><b></a>', '<a>x < y</a>', '<a t="1 & 2"/>', '<a>', '<a t=1/>'])('rejects %s', (xml) => {
    expect(xmlProblem(xml)).not.toBeNull();
  });
});

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
        fc.boolean(),
        (series, positive) => {
          // Positive losses spread wide take the log axis; the same bounds must hold there.
          const loss = (v: number) => (positive ? Math.abs(v) + 1e-6 : v);
          const svg = renderMetricChartSvg(
            series.map((s, i) => ({
              label: `r${i}`,
              rows: s.map((v, e) => ({ epoch: e + 1, val_acc: v, val_loss: loss(v) })),
            })),
            { panelHeight: 260 },
          );
          expect(xmlProblem(svg)).toBeNull();
          for (const metric of ['val_acc', 'val_loss']) {
            const paths = seriesPaths(svg, metric);
            expect(paths).toHaveLength(series.length);
            // The plot spans y 66…286 (title band 40, panel padding 26 above and 40 below).
            for (const p of paths) for (const y of pathYs(p)) expect(y).toBeGreaterThanOrEqual(65.9);
            for (const p of paths) for (const y of pathYs(p)) expect(y).toBeLessThanOrEqual(286.1);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('draws losses spread over orders of magnitude on a log axis, accuracies never', () => {
    const wide: ChartRun[] = [
      { label: 'lr 0.1', rows: rows([0.3, 0.35], [10.03, 8.2]) },
      { label: 'lr 0.01', rows: rows([0.9, 0.93], [0.31, 0.26]) },
    ];
    const svg = renderMetricChartSvg(wide);
    expect(svg).toContain('Validation loss (log scale)</text>');
    expect(svg).not.toContain('Validation accuracy (log scale)');
    // On a log axis 0.26 and 0.31 sit well apart instead of squashed onto the floor.
    const [, good] = seriesPaths(svg, 'val_loss');
    const [y1, y2] = pathYs(good as string);
    expect((y2 as number) - (y1 as number)).toBeGreaterThan(5); // under 1 px on a linear 0…15 axis
    expect(renderMetricChartSvg(runs)).not.toContain('log scale');
  });

  it('shades a band behind a run in its colour and widens the axis to hold it', () => {
    const svg = renderMetricChartSvg(
      [
        {
          label: 'relu (mean)',
          rows: rows([0.8, 0.9]),
          bands: { val_acc: [[0.5, 0.85], null] },
        },
      ],
      { metrics: ['val_acc'] },
    );
    expect(xmlProblem(svg)).toBeNull();
    const band = /<path class="band" data-run="0" d="([^"]+)" fill="([^"]+)"/.exec(svg);
    expect(band?.[2]).toBe(CHART_PALETTE[0]);
    // One epoch has a band: its high then its low, closed.
    expect(band?.[1]).toMatch(/^M[\d.]+ [\d.]+L[\d.]+ [\d.]+Z$/);
    // The band's low (0.5) is below every mean, so the axis reaches down to it.
    expect(svg).toContain('>0.5</text>');
    expect(renderMetricChartSvg([{ label: 'x', rows: rows([0.8, 0.9]) }])).not.toContain('class="band"');
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

  it.each([
    [0.26, 10.03, 0.2, 20],
    [0.0142, 1.2346, 0.01, 2],
    [3e-5, 40, 1e-5, 100],
  ])('logScale(%d, %d) runs from %d to %d on 1-2-5 ticks', (lo, hi, min, max) => {
    const s = logScale(lo, hi);
    expect([s.min, s.max, s.log]).toEqual([min, max, true]);
    expect(s.ticks[0]).toBe(min);
    expect(s.ticks[s.ticks.length - 1]).toBe(max);
    for (const t of s.ticks) expect(formatTick(t).length).toBeLessThanOrEqual(6);
  });

  it.each([
    [[0.3, 10], true],
    [[0.3, 0.9], false],
    [[0, 10], false],
    [[-1, 10], false],
    [[], false],
  ])('wantsLogScale(%j) is %s', (values, expected) => {
    expect(wantsLogScale(values)).toBe(expected);
  });

  it('escapeXml leaves plain text alone', () => {
    expect(escapeXml('val_acc 0.9')).toBe('val_acc 0.9');
  });
});
