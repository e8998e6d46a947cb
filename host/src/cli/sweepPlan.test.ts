import { readdirSync } from 'node:fs';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSweepArgs, type SweepCliOptions } from './sweepArgs';
import { planSweep, type PlanError, type SweepPlan } from './sweepPlan';
import { makeTempDir } from '../fs/test-dir';

const SWEEPS = path.resolve('assets/sweeps');
const MLP = path.resolve('assets/samples/mnist-mlp.layerloom');

function options(argv: string[]): SweepCliOptions {
  const o = parseSweepArgs(argv);
  if (!o.ok) throw new Error(o.error);
  return o.value;
}

async function plan(argv: string[]): Promise<SweepPlan> {
  const p = await planSweep(options(argv));
  if ('code' in p) throw new Error(p.lines.join('\n'));
  return p;
}

const node = (p: SweepPlan, i: number, id: string) =>
  p.variants[i]?.doc.nodes.find((n) => n.id === id)?.params;

const temps: (() => void)[] = [];
afterEach(() => temps.splice(0).forEach((c) => c()));

describe('shipped example sweeps', () => {
  const expected: Record<string, string[]> = {
    'activation.json': ['a1.activation=sigmoid', 'a1.activation=tanh', 'a1.activation=relu'],
    'augmentation.json': ['aug=off', 'aug=on'],
    'batch-size.json': ['opt.batchSize=16', 'opt.batchSize=64', 'opt.batchSize=256'],
    'learning-rate.json': [
      'opt.learningRate=1e-4',
      'opt.learningRate=0.001',
      'opt.learningRate=0.01',
      'opt.learningRate=0.1',
    ],
    'loss.json': ['loss.loss=meanSquaredError', 'loss.loss=categoricalCrossentropy'],
    'optimizer.json': ['opt=sgd', 'opt=momentum', 'opt=adam'],
  };

  it('are all listed here', () => {
    expect(
      readdirSync(SWEEPS)
        .filter((f) => f.endsWith('.json'))
        .sort(),
    ).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s expands into valid variant graphs', async (file, labels) => {
    const p = await plan([path.join(SWEEPS, file)]);
    expect(p.variants.map((v) => v.label)).toEqual(labels);
    expect(new Set(p.variants.map((v) => v.seed)).size).toBe(1);
  });

  it('switches optimizer and learning rate together', async () => {
    const p = await plan([path.join(SWEEPS, 'optimizer.json')]);
    expect([0, 1, 2].map((i) => [node(p, i, 'opt')?.optimizer, node(p, i, 'opt')?.learningRate])).toEqual([
      ['sgd', 0.1],
      ['momentum', 0.01],
      ['adam', 0.001],
    ]);
  });
});

describe('planning from the command line', () => {
  it('crosses --set params, writes --epochs and --limit into every variant', async () => {
    const p = await plan([
      MLP,
      '--set',
      'a1.activation=sigmoid,tanh,relu',
      '--set',
      'opt.learningRate=1e-3,1e-2',
      '--epochs',
      '1',
      '--limit',
      '300',
    ]);
    expect(p.variants).toHaveLength(6);
    expect(p.variants.every((v) => v.doc.nodes.find((n) => n.id === 'opt')?.params.epochs === 1)).toBe(true);
    expect(node(p, 0, 'data')?.limit).toBe(300);
    expect(p.spec.seed).toBe(42);
  });

  it('lets --set replace a param the sweep file already sweeps, and --random draw a budget', async () => {
    const p = await plan([
      path.join(SWEEPS, 'activation.json'),
      '--set',
      'a1.activation=elu,relu',
      '--set',
      'opt.batchSize=32,64',
      '--random',
      '3',
      '--seed',
      '5',
    ]);
    expect(p.spec).toMatchObject({ mode: 'random', budget: 3, seed: 5 });
    expect(p.variants).toHaveLength(3);
    expect(p.variants.every((v) => /^a1\.activation=(elu|relu), opt\.batchSize=(32|64)$/.test(v.label))).toBe(
      true,
    );
  });

  it.each<[string[], number, string]>([
    [['/no/such.layerloom'], 2, '/no/such.layerloom: no such file'],
    [[MLP], 1, 'Nothing to sweep'],
    [[MLP, '--set', 'a9.units=1,2'], 1, 'there is no node "a9"'],
    [[MLP, '--set', 'd1.units=0,8'], 1, 'Variant v01 (d1.units=0) is not a valid graph:'],
  ])('refuses %j with exit %i', async (argv, code, message) => {
    const p = (await planSweep(options(argv))) as PlanError;
    expect(p.code).toBe(code);
    expect(p.lines.join('\n')).toContain(message);
  });

  it('names the field at fault in a broken sweep file', async () => {
    const { dir, cleanup } = makeTempDir();
    temps.push(cleanup);
    const file = path.join(dir, 'bad.json');
    await fsp.writeFile(
      file,
      JSON.stringify({
        format: 'layerloom-sweep-spec',
        version: 1,
        name: 'x',
        graph: MLP,
        params: [{ nodeId: 'a1', field: 'activation', values: 3 }],
      }),
    );
    const p = (await planSweep(options([file]))) as PlanError;
    expect(p.code).toBe(2);
    expect(p.lines[0]).toContain('params[0].values');
  });
});
