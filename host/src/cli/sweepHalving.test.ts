import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProject } from '../../../graph-core/src/document';
import { parseSweepState, type SweepState } from '../../../graph-core/src/experiments';
import { makeTempDir } from '../fs/test-dir';
import { sweepCommand } from './sweep';
import { parseSweepArgs } from './sweepArgs';

const IRIS = path.resolve('assets/samples/iris-mlp.layerloom');
const temps: (() => void)[] = [];
afterEach(() => temps.splice(0).forEach((c) => c()));

function io() {
  const o = { out: '', err: '' };
  return { o, io: { out: (s: string) => (o.out += s), err: (s: string) => (o.err += s) } };
}
const noInterrupt = () => () => {};

async function readState(dir: string): Promise<SweepState> {
  const r = parseSweepState(await fsp.readFile(path.join(dir, 'sweep.json'), 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

async function epochsIn(dir: string): Promise<number> {
  const p = parseProject(await fsp.readFile(path.join(dir, 'graph.layerloom'), 'utf8'));
  if (!p.ok) throw new Error(p.error);
  return p.doc.nodes.find((n) => n.type === 'Optimizer')?.params.epochs as number;
}

describe('layerloom sweep --halving (real training on Iris)', () => {
  it('halves 9 learning rates over 3 rungs, says why each stopped, and continues one by hand', async () => {
    const t = makeTempDir('layerloom-halving-');
    temps.push(t.cleanup);
    const out = path.join(t.dir, 'lr');
    const first = io();
    const code = await sweepCommand(
      [IRIS, '--set', 'opt.learningRate=log:1e-4:1:9', '--halving', '3', '--parallel', '1', '--out', out],
      first.io,
      { onInterrupt: noInterrupt },
    );
    expect(first.o.err).toBe('');
    expect(code).toBe(0);
    expect(first.o.out).toContain(
      'Successive halving (eta 3): 9×1, 3×3, 1×9 epochs (variants × epochs per rung): at most 27 epochs, where a grid at 9 trains 81.',
    );
    const stoppedLines = first.o.out.split('\n').filter((l) => l.includes('stopped by successive halving'));
    expect(stoppedLines).toHaveLength(8);
    expect(stoppedLines[0]).toMatch(/ranked \d of 9 at rung 0 \(1 epoch\); kept the top 3$/);

    const state = await readState(out);
    const stopped = state.variants.filter((v) => v.stoppedAt);
    expect(stopped.map((v) => v.stoppedAt?.rung).sort()).toEqual([0, 0, 0, 0, 0, 0, 1, 1]);
    const winner = state.variants.find((v) => !v.stoppedAt);
    expect(winner).toMatchObject({ status: 'done', rung: 2, runDir: `${winner?.id}-r2` });
    expect(await epochsIn(path.join(out, `${winner?.id}-r2`))).toBe(9);
    expect(await epochsIn(path.join(out, `${winner?.id}-r1`))).toBe(3);
    expect(await epochsIn(path.join(out, winner?.id as string))).toBe(1);

    const loser = stopped.find((v) => v.stoppedAt?.rung === 0) as SweepState['variants'][number];
    const again = io();
    expect(
      await sweepCommand(['--resume', out, '--continue', loser.id, '--parallel', '1'], again.io, {
        onInterrupt: noInterrupt,
      }),
    ).toBe(0);
    expect(again.o.out).toContain(`Continuing ${loser.id} at the final budget`);
    const after = await readState(out);
    expect(after.variants.find((v) => v.id === loser.id)).toMatchObject({ status: 'done', rung: 2 });
    expect(await epochsIn(path.join(out, `${loser.id}-r2`))).toBe(9);
    // Nothing else trained again: the winner's record is unchanged.
    expect(after.variants.find((v) => v.id === winner?.id)).toEqual(winner);

    const bad = io();
    expect(
      await sweepCommand(['--resume', out, '--continue', winner?.id as string], bad.io, {
        onInterrupt: noInterrupt,
      }),
    ).toBe(2);
    expect(bad.o.err).toContain(
      `--continue ${winner?.id}: variant ${winner?.id} was not stopped by successive halving`,
    );
  }, 120_000);

  it('halves combinations with --repeats, the seeds of each kept or stopped together', async () => {
    const t = makeTempDir('layerloom-halving-');
    temps.push(t.cleanup);
    const out = path.join(t.dir, 'lr');
    const run = io();
    const args = [IRIS, '--set', 'opt.learningRate=0.001,0.01,0.1', '--repeats', '2', '--halving', '3'];
    expect(
      await sweepCommand([...args, '--parallel', '1', '--out', out], run.io, { onInterrupt: noInterrupt }),
    ).toBe(0);
    expect(run.o.out).toContain(
      'Successive halving (eta 3): 6×1, 2×3 epochs (runs × epochs per rung, 2 seeds per variant): at most 12 epochs, where a grid at 3 trains 18.',
    );
    const state = await readState(out);
    const fate = (i: number) => state.variants[i]?.stoppedAt?.reason ?? 'kept';
    for (const i of [0, 2, 4]) expect(fate(i)).toBe(fate(i + 1));
    expect(state.variants.filter((v) => !v.stoppedAt).map((v) => v.seed)).toEqual([42, 43]);
    expect(state.variants.filter((v) => v.stoppedAt)[0]?.stoppedAt?.reason).toMatch(
      /^(mean val accuracy [\d.]+ over 2 seeds|no val accuracy for seed \d+ \(run \w+\)) ranked [23] of 3 at rung 0 \(1 epoch\); kept the top 1$/,
    );
  }, 120_000);

  it('runs the halving an app project stores in its sweep field', async () => {
    const t = makeTempDir('layerloom-halving-');
    temps.push(t.cleanup);
    const project = JSON.parse(await fsp.readFile(IRIS, 'utf8')) as Record<string, unknown>;
    project.sweep = {
      params: [{ nodeId: 'opt', field: 'learningRate', values: [0.001, 0.1] }],
      mode: 'grid',
      budget: 10,
      repeats: 1,
      metric: 'val_acc',
      halving: { eta: 2, minEpochs: 1 },
    };
    const file = path.join(t.dir, 'p.layerloom');
    await fsp.writeFile(file, JSON.stringify(project));
    const run = io();
    const out = path.join(t.dir, 'out');
    expect(
      await sweepCommand([file, '--parallel', '1', '--out', out], run.io, { onInterrupt: noInterrupt }),
    ).toBe(0);
    expect(run.o.out).toContain('Successive halving (eta 2): 2×1, 1×2 epochs');
    expect((await readState(out)).spec.halving).toEqual({ eta: 2, minEpochs: 1 });
  }, 120_000);

  it('stopped right after the last run of a rung, exits 130 and the resume decides the rung', async () => {
    const t = makeTempDir('layerloom-halving-');
    temps.push(t.cleanup);
    const out = path.join(t.dir, 'lr');
    let interrupt = () => {};
    let runs = 0;
    const first = io();
    const code = await sweepCommand(
      [IRIS, '--set', 'opt.learningRate=0.01,0.1', '--halving', '2', '--out', out],
      first.io,
      {
        onInterrupt: (stop) => ((interrupt = stop), () => {}),
        train: async (req) => {
          const { trainVariant } = await import('./sweepTrain');
          const r = await trainVariant(req);
          if (++runs === 2) interrupt(); // Ctrl-C as rung 0's last run finishes
          return r;
        },
      },
    );
    expect(code).toBe(130);
    expect(first.o.out).toContain(`Successive halving has rungs left: layerloom sweep --resume ${out}`);
    expect((await readState(out)).variants.every((v) => v.status === 'done' && !v.stoppedAt)).toBe(true);
    const again = io();
    expect(
      await sweepCommand(['--resume', out, '--parallel', '1'], again.io, { onInterrupt: noInterrupt }),
    ).toBe(0);
    expect(again.o.out).toContain('stopped by successive halving');
    const final = await readState(out);
    expect(final.variants.map((v) => v.rung).sort()).toEqual([0, 1]);
  }, 120_000);

  it('reads --halving ETA[:MIN_EPOCHS] and refuses bad forms and misplaced --continue', () => {
    const ok = parseSweepArgs(['p.layerloom', '--halving', '3:2']);
    expect(ok.ok && ok.value.halving).toEqual({ eta: 3, minEpochs: 2 });
    const plain = parseSweepArgs(['p.layerloom', '--halving=4']);
    expect(plain.ok && plain.value.halving).toEqual({ eta: 4, minEpochs: 1 });
    for (const bad of ['1', '3:0', 'x', '3:']) {
      const r = parseSweepArgs(['p.layerloom', '--halving', bad]);
      expect(r.ok ? '' : r.error).toContain('--halving takes ETA[:MIN_EPOCHS]');
    }
    const c = parseSweepArgs(['p.layerloom', '--continue', 'v01']);
    expect(c.ok ? '' : c.error).toContain('--continue VARIANT_ID goes with --resume DIR');
  });
});
