import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProject, serializeProject } from '../../../graph-core/src/document';
import { draftValue, EMPTY_DRAFT, parseSweepState, SWEEP_FIELD } from '../../../graph-core/src/experiments';
import { makeTempDir } from '../fs/test-dir';
import { compareCommand } from './compare';
import { main } from './main';
import { progressBar, sweepCommand } from './sweep';

const IRIS = path.resolve('assets/samples/iris-mlp.layerloom');
const temps: (() => void)[] = [];
afterEach(() => temps.splice(0).forEach((c) => c()));

function tmp(): string {
  const t = makeTempDir('layerloom-sweepcli-');
  temps.push(t.cleanup);
  return t.dir;
}

function io() {
  const o = { out: '', err: '' };
  return { o, io: { out: (s: string) => (o.out += s), err: (s: string) => (o.err += s) } };
}

const noInterrupt = () => () => {};

const seriesIn = (svg: string, metric: string) =>
  (svg.split('<g class="panel"').find((g) => g.startsWith(` data-metric="${metric}"`)) ?? '').match(
    /<path class="series"/g,
  ) ?? [];
const legendTexts = (svg: string) =>
  [...(svg.split('<g class="legend"')[1] ?? '').matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('layerloom sweep (real training)', () => {
  it('trains every variant into its own run folder and writes sweep.json and the comparison', async () => {
    const out = path.join(tmp(), 'act');
    const { o, io: cli } = io();
    const code = await sweepCommand(
      [IRIS, '--set', 'hidden.activation=sigmoid,tanh,relu', '--epochs', '1', '--out', out],
      cli,
      {
        onInterrupt: noInterrupt,
      },
    );
    expect(o.err).toBe('');
    expect(code).toBe(0);
    for (const v of ['v01', 'v02', 'v03']) {
      for (const f of ['summary.json', 'metrics.jsonl', 'graph.layerloom', 'model/model.json']) {
        expect(existsSync(path.join(out, v, f)), `${v}/${f}`).toBe(true);
      }
    }
    const state = parseSweepState(await fsp.readFile(path.join(out, 'sweep.json'), 'utf8'));
    expect(state.ok && state.value.variants.map((v) => [v.status, v.runStatus])).toEqual([
      ['done', 'completed'],
      ['done', 'completed'],
      ['done', 'completed'],
    ]);
    const graph = await fsp.readFile(path.join(out, 'v02', 'graph.layerloom'), 'utf8');
    expect(graph).toContain('"activation": "tanh"');
    const md = await fsp.readFile(path.join(out, 'comparison.md'), 'utf8');
    const [runsPart, variantsPart] = md.split('## Variants');
    expect(runsPart!.split('\n').filter((l) => l.startsWith('| '))).toHaveLength(5);
    // One seed a variant: three variant rows, each 'one run', and the verdicts say none can be tested.
    expect(variantsPart!.split('\n').filter((l) => l.startsWith('| '))).toHaveLength(5);
    expect(variantsPart).toContain(
      '- none: with fewer than 2 seeds per variant no difference can be tested (3 pairs)',
    );
    expect(await fsp.readFile(path.join(out, 'comparison.csv'), 'utf8')).toMatch(
      /^#,run,hidden\.activation,status,loss,acc,val_loss,val_acc,duration_ms,variant,variant_rank,.*,inference_ms_per_sample,verdict_vs_best,verdict_p,verdict_test,best\r\n/,
    );
    expect(o.out).toContain(progressBar(3, 3));
    const chart = await fsp.readFile(path.join(out, 'comparison.svg'), 'utf8');
    expect(chart).toContain(`<title>${state.ok ? state.value.name : '?'}</title>`);
    for (const metric of ['val_acc', 'val_loss']) expect(seriesIn(chart, metric)).toHaveLength(3);
    expect(legendTexts(chart)).toEqual(['sigmoid', 'tanh', 'relu']);

    const c = io();
    const svg = path.join(out, 'two.svg');
    expect(await compareCommand([path.join(out, 'v01'), path.join(out, 'v03'), '--svg', svg], c.io)).toBe(0);
    expect(c.o.out).toMatch(/hidden\.activation\s+sigmoid\s+relu/);
    expect(c.o.out).toContain(`Wrote the curves of 2 runs to ${svg}`);
    const two = await fsp.readFile(svg, 'utf8');
    expect(seriesIn(two, 'val_acc')).toHaveLength(2);
    expect(legendTexts(two)).toEqual(['v01', 'v03']);
  });

  it('stops on Ctrl-C after the current variant and resumes the rest without retraining', async () => {
    const out = path.join(tmp(), 'lr');
    let interrupt = () => {};
    const first = io();
    const argv = [IRIS, '--set', 'opt.learningRate=0.01,0.1', '--epochs', '1', '--out', out];
    const stopSoon = (stop: () => void) => {
      interrupt = stop;
      return () => {};
    };
    const code = await sweepCommand(argv, first.io, {
      onInterrupt: stopSoon,
      train: async (req) => {
        const { trainVariant } = await import('./sweepTrain');
        const r = await trainVariant(req);
        interrupt(); // Ctrl-C arrives as the first variant finishes
        return r;
      },
    });
    expect(code).toBe(130);
    expect(first.o.out).toContain(`layerloom sweep --resume ${out}`);
    const again = io();
    expect(await sweepCommand(['--resume', out], again.io, { onInterrupt: noInterrupt })).toBe(0);
    expect(again.o.out).toContain('1 of 2 variants already finished');
    expect(again.o.out).not.toContain('v01  opt.learningRate');
    expect(again.o.out).toContain('v02  opt.learningRate=0.1');
  });

  it.each<[string[], number, string]>([
    [['--resume', '/no/such/sweep'], 2, 'holds no sweep.json'],
    [[IRIS, '--set', 'hidden.units=4', '--backend', 'gpu'], 2, '--backend must be auto, cpu, wasm'],
    [[IRIS, '--set', 'hidden.units=0,4', '--epochs', '1'], 1, 'is not a valid graph'],
  ])('refuses %j', async (argv, code, message) => {
    const { o, io: cli } = io();
    expect(await sweepCommand(argv, cli, { onInterrupt: noInterrupt })).toBe(code);
    expect(o.err).toContain(message);
  });

  it('runs the sweep the app stored in the project when no --set is given, and names its source', async () => {
    // The file the app writes: the project with the sweep panel's draft in its `sweep` field.
    const p = parseProject(await fsp.readFile(IRIS, 'utf8'));
    if (!p.ok) throw new Error(p.error);
    const draft = {
      ...EMPTY_DRAFT,
      repeats: 2,
      params: [{ nodeId: 'hidden', field: 'units', values: [4, 8] }],
    };
    const dir = tmp();
    const file = path.join(dir, 'stored.layerloom');
    await fsp.writeFile(file, serializeProject({ ...p.doc, [SWEEP_FIELD]: draftValue(draft) }));
    const out = path.join(dir, 'out');
    const { o, io: cli } = io();
    const code = await sweepCommand([file, '--epochs', '1', '--out', out], cli, { onInterrupt: noInterrupt });
    expect(o.err).toBe('');
    expect(code).toBe(0);
    expect(o.out).toContain('4 runs (2 combinations × 2 seeds, the sweep stored in the project)');
    const parsed = parseSweepState(await fsp.readFile(path.join(out, 'sweep.json'), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.source).toBe(file);
    const seed = parsed.value.spec.seed;
    expect(parsed.value.variants.map((v) => [v.label, v.repeat, v.seed, v.status])).toEqual([
      [`hidden.units=4, seed ${seed}`, 0, seed, 'done'],
      [`hidden.units=4, seed ${seed + 1}`, 1, seed + 1, 'done'],
      [`hidden.units=8, seed ${seed}`, 0, seed, 'done'],
      [`hidden.units=8, seed ${seed + 1}`, 1, seed + 1, 'done'],
    ]);
    // Each run records its sweep, variant and seed.
    const meta = JSON.parse(await fsp.readFile(path.join(out, 'v02', 'meta.json'), 'utf8')) as unknown;
    expect(meta).toMatchObject({ sweepId: 'out', sweepVariant: { id: 'v02', seed: seed + 1, repeat: 1 } });
    const summary = JSON.parse(await fsp.readFile(path.join(out, 'v02', 'summary.json'), 'utf8')) as unknown;
    expect(summary).toMatchObject({ seed: seed + 1 });
  });

  it('refuses to start over an existing sweep', async () => {
    const out = tmp();
    await fsp.writeFile(path.join(out, 'sweep.json'), '{}');
    const { o, io: cli } = io();
    expect(
      await sweepCommand([IRIS, '--set', 'hidden.units=4,8', '--out', out], cli, {
        onInterrupt: noInterrupt,
      }),
    ).toBe(2);
    expect(o.err).toContain(`continue it with --resume ${out}`);
  });
});

describe('the layerloom dispatcher', () => {
  it('routes sweep and compare and lists them in the usage', async () => {
    let out = '';
    let err = '';
    const console = { out: { write: (s: string) => (out += s) }, err: { write: (s: string) => (err += s) } };
    expect(await main(['compare', '/no/such/run'], { console })).toBe(2);
    expect(err).toContain('layerloom compare: /no/such/run: no such folder');
    expect(await main(['sweep', IRIS], { console, onInterrupt: () => {} })).toBe(1);
    expect(err).toContain('Nothing to sweep');
    expect(await main(['help'], { console })).toBe(0);
    expect(out).toContain('layerloom sweep FILE [--set NODE.FIELD=V1,V2 …]');
    expect(out).toContain('layerloom compare RUN_DIR…');
  });
});
