import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeProject } from '../../../graph-core/src/document';
import type { GraphDocument } from '../../../graph-core/src/document';
import { createSweepState, expandSweep, markDone, markStarted } from '../../../graph-core/src/experiments';
import { makeTempDir } from '../fs/test-dir';
import { compareCommand } from './compare';
import { saveSweep } from './sweepRun';

const graph = (activation: string, lr: number): GraphDocument => ({
  format: 'layerloom',
  version: 1,
  name: 'g',
  nodes: [
    { id: 'a1', type: 'Activation', params: { activation } },
    { id: 'opt', type: 'Optimizer', params: { optimizer: 'adam', learningRate: lr } },
  ],
  edges: [{ id: 'e1', source: 'a1', target: 'opt' }],
});

const temps: (() => void)[] = [];
afterEach(() => temps.splice(0).forEach((c) => c()));

async function runFolder(
  root: string,
  name: string,
  g: GraphDocument | null,
  valAcc: number,
  status = 'completed',
) {
  const dir = path.join(root, name);
  await fsp.mkdir(dir, { recursive: true });
  const final = { loss: 1 - valAcc, acc: valAcc, val_loss: 1.1 - valAcc, val_acc: valAcc };
  await fsp.writeFile(
    path.join(dir, 'summary.json'),
    JSON.stringify({ status, backend: 'cpu', durationMs: 1200, final }),
  );
  if (g) await fsp.writeFile(path.join(dir, 'graph.layerloom'), serializeProject(g));
  return dir;
}

async function compare(argv: string[]) {
  let out = '';
  let err = '';
  const code = await compareCommand(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

function tmp(): string {
  const t = makeTempDir('layerloom-compare-');
  temps.push(t.cleanup);
  return t.dir;
}

describe('layerloom compare', () => {
  it('compares run folders of both layouts already on disks (golden CLI and app folders)', async () => {
    const fixtures = path.resolve('graph-core/fixtures/runs');
    const r = await compare([path.join(fixtures, 'cli-layout'), path.join(fixtures, 'app-layout')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^cli-layout\s+completed\s+1\.3898/m);
    // The app's folder is labelled with the name its meta.json gives it.
    expect(r.out).toMatch(/^Iris MLP 20261202-041149\s+completed\s+1\.3898/m);
  });

  it('prints the final metrics with the best marked, then the params that differ', async () => {
    const root = tmp();
    const a = await runFolder(root, 'run-relu', graph('relu', 0.001), 0.9);
    const b = await runFolder(root, 'run-tanh', graph('tanh', 0.01), 0.8);
    const r = await compare([a, b]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^Run\s+Status\s+loss\s+acc\s+val_loss\s+val_acc\s+Duration$/);
    expect(lines[2]).toMatch(/^run-relu\s+completed\s+0\.1000\*\s+0\.9000\*/);
    expect(r.out).toContain('Hyper-parameters that differ:');
    expect(r.out).toMatch(/a1\.activation\s+relu\s+tanh/);
    expect(r.out).toMatch(/opt\.learningRate\s+0\.001\s+0\.01/);
  });

  it('ranks by a metric and prints Markdown', async () => {
    const root = tmp();
    const a = await runFolder(root, 'a', graph('relu', 0.001), 0.7);
    const b = await runFolder(root, 'b', graph('relu', 0.001), 0.9);
    const r = await compare([a, b, '--metric', 'val_acc', '--format=md']);
    expect(r.out).toContain('| # | Run |');
    expect(r.out).toContain('| 1 | b |');
    expect(r.out).toContain('the runs used the same graph and params');
  });

  it('reports structural changes between graphs', async () => {
    const root = tmp();
    const g2 = graph('relu', 0.001);
    g2.nodes.push({ id: 'drop', type: 'Dropout', params: { rate: 0.5 } });
    const a = await runFolder(root, 'a', graph('relu', 0.001), 0.7);
    const b = await runFolder(root, 'b', g2, 0.9);
    const r = await compare([a, b]);
    expect(r.out).toContain('Structure of b vs a:\n  + node drop (Dropout)');
  });

  it('expands a sweep folder into its finished variants', async () => {
    const root = tmp();
    const base = graph('relu', 0.001);
    const spec = {
      params: [{ nodeId: 'a1', field: 'activation', values: ['relu', 'tanh'] }],
      mode: 'grid' as const,
      seed: 1,
    };
    const x = expandSweep(base, spec);
    if (!x.ok) throw new Error('valid');
    let s = createSweepState({ name: 's', base, spec, variants: x.variants, now: new Date() });
    for (const [i, v] of x.variants.entries()) {
      await runFolder(root, v.id, v.doc, 0.5 + i / 10);
      s = markDone(markStarted(s, v.id, v.id, new Date()), v.id, { runStatus: 'completed' }, new Date());
    }
    await saveSweep(root, s);
    const r = await compare([root]);
    expect(r.out).toContain('a1.activation=relu');
    expect(r.out).toMatch(/a1\.activation\s+relu\s+tanh/);
  });

  it("writes the runs' validation curves as an SVG chart with --svg", async () => {
    const root = tmp();
    const a = await runFolder(root, 'run-relu', graph('relu', 0.001), 0.9);
    const b = await runFolder(root, 'run-tanh', graph('tanh', 0.01), 0.8);
    const epochs = [0.5, 0.7, 0.8].map((acc, i) =>
      JSON.stringify({ epoch: i + 1, val_acc: acc, val_loss: 1 - acc }),
    );
    await fsp.writeFile(path.join(a, 'metrics.jsonl'), epochs.join('\n') + '\n');
    const svg = path.join(root, 'chart.svg');
    const r = await compare([a, b, '--svg', svg, '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('Wrote'); // CSV on stdout stays machine-readable
    const chart = await fsp.readFile(svg, 'utf8');
    expect(chart.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    // run-tanh has no metrics.jsonl: it is in the legend but draws no line.
    expect(chart.match(/<path class="series" data-run="0"/g)).toHaveLength(2);
    expect(chart).not.toContain('data-run="1"');
    expect(chart).toContain('>run-tanh</text>');
  });

  it('exits 2 when the chart cannot be written', async () => {
    const root = tmp();
    const a = await runFolder(root, 'a', graph('relu', 0.001), 0.9);
    const r = await compare([a, `--svg=${path.join(root, 'missing', 'dir', 'c.svg')}`]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^layerloom compare: cannot write .*c\.svg: ENOENT\n$/);
  });

  it.each([
    [['x', '--svg'], '--svg needs a value'],
    [['/nonexistent/run'], '/nonexistent/run: no such folder'],
    [[], 'compare needs at least one RUN_DIR'],
    [['x', '--format', 'html'], '--format must be text, md or csv'],
  ])('exits 2 with one clear line for %j', async (argv, message) => {
    const r = await compare(argv);
    expect(r.code).toBe(2);
    expect(r.err.startsWith(`layerloom compare: ${message}`)).toBe(true);
    expect(r.err.split('\n')).toHaveLength(2);
  });

  it('exits 2 for a folder without a summary', async () => {
    const root = tmp();
    const r = await compare([root]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('not a run folder (no readable summary.json)');
  });
  it('groups runs that differ only in their seed into variants: mean, band, speed, cost and a verdict', async () => {
    const root = tmp();
    const dirs: string[] = [];
    const finals: [string, number[]][] = [
      ['relu', [0.95, 0.96, 0.955]],
      ['tanh', [0.9, 0.91, 0.905]],
    ];
    for (const [activation, accs] of finals)
      for (const [seed, acc] of accs.entries()) {
        const g = graph(activation, 0.01);
        g.nodes[1]!.params.seed = seed;
        const dir = await runFolder(root, `${activation}-${seed}`, g, acc);
        const lines = [0.5, acc - 0.04, acc].map((v, i) =>
          JSON.stringify({ epoch: i + 1, val_acc: v, durationMs: 500 }),
        );
        await fsp.writeFile(path.join(dir, 'metrics.jsonl'), lines.join('\n') + '\n');
        dirs.push(dir);
      }
    const r = await compare([...dirs, '--target', '0.9']);
    expect(r.err).toBe('');
    expect(r.out).toContain('Variants by mean val_acc, best first (3 seeds each):');
    const relu = r.out.split('\n').find((l) => l.startsWith('1  a1.activation=relu'));
    // Mean 0.955, min–max band; every seed passes 0.9 at epoch 2 (1 s of training).
    expect(relu).toMatch(/0\.9550\*\s+0\.9500–0\.9600 \(min–max\)\s+2\.0\s+1\.00/);
    expect(r.out).toContain('Target: val_acc ≥ 0.9000');
    expect(r.out).toMatch(/- a1\.activation=relu better than a1\.activation=tanh \(p < 0\.001\)/);
    expect(r.out).toContain("Verdicts use Welch's t-test");
    const csv = await compare([...dirs, '--format', 'csv']);
    const [header, first] = csv.out.split('\r\n');
    expect(header).toContain('variant,variant_rank,variant_val_acc_mean,variant_val_acc_low');
    expect(first).toContain('a1.activation=relu,1,0.955');
    expect((await compare([...dirs, '--cost', 'memory'])).err).toBe(
      'layerloom compare: --cost must be params, flops, time or latency, found "memory"\n',
    );
  });

  it("names the test behind each verdict (scipy's Welch p), and leaves a diverged seed out", async () => {
    const root = tmp();
    const dirs: string[] = [];
    // scipy 1.17.1: ttest_ind(relu, tanh, equal_var=False) → t 2.529822128134646, df 7.920792079207904,
    // p 0.0355403306556322. sigmoid's second seed diverged after a lucky epoch (0.99): left out.
    const finals: [string, number[]][] = [
      ['relu', [0.944, 0.938, 0.951, 0.94, 0.947]],
      ['tanh', [0.936, 0.942, 0.93, 0.939, 0.933]],
      ['sigmoid', [0.5, 0.99]],
    ];
    for (const [activation, accs] of finals)
      for (const [seed, acc] of accs.entries()) {
        const g = graph(activation, 0.01);
        g.nodes[1]!.params.seed = seed;
        const status = activation === 'sigmoid' && seed === 1 ? 'diverged' : 'completed';
        dirs.push(await runFolder(root, `${activation}-${seed}`, g, acc, status));
      }
    const r = await compare(dirs);
    expect(r.out).toContain('- a1.activation=relu better than a1.activation=tanh (p = 0.036)');
    expect(r.out).toMatch(
      /3 +a1\.activation=sigmoid +2 +0\.5000 +one run \(1 of 2 seeds diverged, left out\)/,
    );
    expect(r.out).toContain(
      '- a1.activation=sigmoid: 1 of 2 seeds diverged, left out; ranked last and not tested',
    );
    expect(r.out).toContain("Welch's test, not a bootstrap");
    const md = await compare([...dirs, '--format', 'md']);
    expect(md.out).toContain("Verdicts use Welch's t-test on each seed's final value");
    const csv = await compare([...dirs, '--format', 'csv']);
    const [header, ...rows] = csv.out.trim().split('\r\n');
    const cols = header!.split(',');
    expect(cols.slice(-4)).toEqual(['verdict_vs_best', 'verdict_p', 'verdict_test', 'best']);
    const at = (row: string, col: string) => parseCsvRow(row)[cols.indexOf(col)];
    const tanh = rows.filter((l) => l.startsWith('tanh-'));
    expect(tanh).toHaveLength(5);
    for (const row of tanh) {
      expect(at(row, 'verdict_vs_best')).toBe(
        'a1.activation=relu better than a1.activation=tanh (p = 0.036)',
      );
      expect(Number(at(row, 'verdict_p'))).toBeCloseTo(0.0355403306556322, 10);
      expect(at(row, 'verdict_test')).toBe("Welch's t-test");
    }
    const relu = rows.find((l) => l.startsWith('relu-'))!;
    expect([at(relu, 'verdict_vs_best'), at(relu, 'verdict_p'), at(relu, 'verdict_test')]).toEqual([
      '',
      '',
      '',
    ]);
    const sigmoid = rows.find((l) => l.startsWith('sigmoid-'))!;
    expect([at(sigmoid, 'verdict_vs_best'), at(sigmoid, 'verdict_test')]).toEqual([
      '1 of 2 seeds diverged, left out',
      '',
    ]);
  });
});

/** One CSV line's fields (quoted fields may hold commas and doubled quotes). */
function parseCsvRow(line: string): string[] {
  const out: string[] = [];
  const re = /("((?:[^"]|"")*)"|[^,]*)(,|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) && m[0] !== '') {
    out.push(m[2] !== undefined ? m[2].replace(/""/g, '"') : m[1]!);
    if (m[3] === '') break;
  }
  return out;
}
