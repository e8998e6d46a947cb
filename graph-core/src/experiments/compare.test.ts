import { describe, expect, it } from 'vitest';
import {
  compareTable,
  incomparableMetrics,
  metricDirection,
  metricKeys,
  paramDiffTable,
  rankRuns,
  type RunResult,
} from './compare';
import { diffGraphs, diffHyperParams } from './diff';
import { describeGraphDiff } from './diffText';
import { tableToCsv, tableToMarkdown, tableToText } from './tableFormats';
import { mlp } from './testGraphs';

const run = (id: string, final: RunResult['final'], extra: Partial<RunResult> = {}): RunResult => ({
  id,
  label: id,
  status: 'completed',
  durationMs: 1500,
  final,
  ...extra,
});

const runs = [
  run('sigmoid', { loss: 0.9, acc: 0.7, val_loss: 0.95, val_acc: 0.68 }, { durationMs: 2000 }),
  run('tanh', { loss: 0.4, acc: 0.88, val_loss: 0.5, val_acc: 0.86 }),
  run('relu', { loss: 0.3, acc: 0.91, val_loss: 0.5, val_acc: 0.9 }, { durationMs: 1200 }),
  run(
    'lr10',
    { loss: null, acc: null, val_loss: null, val_acc: null },
    { status: 'diverged', durationMs: 300 },
  ),
];

describe('ranking', () => {
  it.each([
    ['val_loss', 'min'],
    ['loss', 'min'],
    ['val_acc', 'max'],
    ['acc', 'max'],
    ['durationMs', 'min'],
    ['epochs', null],
  ])('%s is better when %s', (metric, dir) => {
    expect(metricDirection(metric)).toBe(dir);
  });

  it('ranks by accuracy high first and by loss low first, unscored runs last', () => {
    expect(rankRuns(runs, 'val_acc').map((r) => [r.run.id, r.rank])).toEqual([
      ['relu', 1],
      ['tanh', 2],
      ['sigmoid', 3],
      ['lr10', null],
    ]);
    expect(rankRuns(runs, 'loss').map((r) => r.run.id)).toEqual(['relu', 'tanh', 'sigmoid', 'lr10']);
  });

  it('leaves a run that diverged unranked and last, whatever its last good epoch reached', () => {
    const late = run('lr5', { loss: 0.2, acc: 0.95, val_loss: 0.3, val_acc: 0.99 }, { status: 'diverged' });
    expect(rankRuns([late, ...runs], 'val_acc').map((r) => [r.run.id, r.rank])).toEqual([
      ['relu', 1],
      ['tanh', 2],
      ['sigmoid', 3],
      ['lr5', null],
      ['lr10', null],
    ]);
    const t = compareTable([late, ...runs], { rankBy: 'val_acc' });
    const acc = t.columns.findIndex((c) => c.key === 'val_acc');
    expect(t.rows.filter((r) => r.cells[acc]!.best).map((r) => r.id)).toEqual(['relu']);
    // Nor is it the fastest because it stopped early (lr10 diverged after 300 ms).
    const time = t.columns.findIndex((c) => c.key === 'durationMs');
    expect(time).toBeGreaterThan(-1);
    expect(t.rows.find((r) => r.id === 'lr10')!.cells[time]!.best).toBeFalsy();
    expect(t.rows.filter((r) => r.cells[time]!.best).length).toBeGreaterThan(0);
  });

  it('gives tied runs the same rank', () => {
    expect(rankRuns(runs, 'val_loss').map((r) => [r.run.id, r.rank])).toEqual([
      ['tanh', 1],
      ['relu', 1],
      ['sigmoid', 3],
      ['lr10', null],
    ]);
  });
});

describe('compareTable', () => {
  const table = compareTable(runs);
  const col = (key: string) => table.columns.findIndex((c) => c.key === key);
  const bestOf = (key: string) => table.rows.filter((r) => r.cells[col(key)]?.best).map((r) => r.id);

  it('has the standard metrics in order and flags the best of each', () => {
    expect(table.columns.map((c) => c.key)).toEqual([
      'run',
      'status',
      'loss',
      'acc',
      'val_loss',
      'val_acc',
      'durationMs',
    ]);
    expect(bestOf('val_acc')).toEqual(['relu']);
    expect(bestOf('loss')).toEqual(['relu']);
    expect(bestOf('val_loss')).toEqual(['tanh', 'relu']);
    // lr10 took least time because it diverged early: that is no win.
    expect(bestOf('durationMs')).toEqual(['relu']);
    expect(bestOf('run')).toEqual([]);
  });

  it('flags nothing when only one run has a value or all values are equal', () => {
    const t = compareTable([run('a', { val_acc: 0.5 }), run('b', { val_acc: null })]);
    expect(t.rows.some((r) => r.cells.some((c) => c.best))).toBe(false);
  });

  it('shows the params that differ and ranks rows when asked', () => {
    const graphs = [
      mlp({ a1: { params: { activation: 'sigmoid' } } }),
      mlp({ a1: { params: { activation: 'tanh' } } }),
      mlp(),
    ];
    const t = compareTable(runs.slice(0, 3), { params: diffHyperParams(graphs), rankBy: 'val_acc' });
    expect(t.columns.slice(0, 3).map((c) => c.key)).toEqual(['#', 'run', 'a1.activation']);
    expect(t.rows.map((r) => r.cells.slice(0, 3).map((c) => c.text))).toEqual([
      ['1', 'relu', 'relu'],
      ['2', 'tanh', 'tanh'],
      ['3', 'sigmoid', 'sigmoid'],
    ]);
  });

  it('lists extra metrics after the standard four', () => {
    expect(metricKeys([run('a', { val_acc: 1, top5: 1, acc: 1 })])).toEqual(['acc', 'val_acc', 'top5']);
  });
});

describe('table formats', () => {
  const table = compareTable(runs.slice(1, 3));

  it('renders Markdown with bold best values and escaped pipes', () => {
    const md = tableToMarkdown(compareTable([run('a|b', { acc: 0.5 }), run('c', { acc: 0.75 })]));
    expect(md).toBe(
      [
        '| Run | Status | acc | Duration |',
        '| --- | --- | ---: | ---: |',
        '| a\\|b | completed | 0.5000 | 1.5 s |',
        '| c | completed | **0.7500** | 1.5 s |',
        '',
      ].join('\n'),
    );
  });

  it('renders CSV with raw values, quoting, and the best columns per row', () => {
    const csv = tableToCsv(compareTable([run('x, "y"', { acc: 0.5 }), run('z', { acc: 0.75 })]));
    expect(csv.split('\r\n')).toEqual([
      'run,status,acc,duration_ms,best',
      '"x, ""y""",completed,0.5,1500,',
      'z,completed,0.75,1500,acc',
      '',
    ]);
  });

  it('renders aligned plain text with a star on best values', () => {
    const text = tableToText(table);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Run\s+Status\s+loss\s+acc\s+val_loss\s+val_acc\s+Duration$/);
    expect(lines[3]).toContain('0.3000*');
    // Numbers are right-aligned with a place kept for the star, so decimal points line up.
    const points = (l: string) => [...l.matchAll(/\d\.\d{4}/g)].map((m) => m.index);
    expect(points(lines[2] ?? '')).toEqual(points(lines[3] ?? ''));
    expect(points(lines[2] ?? '')).toHaveLength(4);
    expect(text).toContain('* best in its column');
  });
});

describe('diff descriptions', () => {
  it('describes a graph diff line by line', () => {
    const b = mlp({ a1: { params: { activation: 'sigmoid' } } });
    b.nodes.push({ id: 'drop', type: 'Dropout', params: { rate: 0.2 } });
    b.edges.push({ id: 'x', source: 'd1', target: 'drop' });
    expect(describeGraphDiff(diffGraphs(mlp(), b)).map((l) => l.text)).toEqual([
      '+ node drop (Dropout)',
      '~ a1.activation: relu → sigmoid',
      '+ wire d1 → drop',
    ]);
  });

  it('tabulates the hyper-parameter diff with one column per run', () => {
    const g2 = mlp({
      opt: {
        params: {
          optimizer: 'sgd',
          learningRate: 0.01,
          batchSize: 64,
          epochs: 5,
          earlyStopping: { patience: 3 },
        },
      },
    });
    const t = paramDiffTable(diffHyperParams([mlp(), g2]), [
      { id: 'r1', label: 'adam run' },
      { id: 'r2', label: 'sgd run' },
    ]);
    expect(t.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['opt.learningRate', '0.001', '0.01'],
      ['opt.optimizer', 'adam', 'sgd'],
    ]);
  });
});

describe('incomparable losses', () => {
  it('flags no best loss when the runs used different loss functions', () => {
    const rows = [{ nodeId: 'loss', field: 'loss' }];
    const typeOf = (id: string) => (id === 'loss' ? 'Loss' : 'Dense');
    expect(incomparableMetrics(rows, typeOf)).toEqual(['loss', 'val_loss']);
    expect(incomparableMetrics([{ nodeId: 'd1', field: 'units' }], typeOf)).toEqual([]);
    const t = compareTable(runs.slice(0, 3), { incomparable: ['loss', 'val_loss'] });
    const flagged = t.columns.filter((_, i) => t.rows.some((r) => r.cells[i]?.best)).map((c) => c.key);
    expect(flagged).toEqual(['acc', 'val_acc', 'durationMs']);
  });
});
