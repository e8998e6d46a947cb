import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../document/types';
import { checkHalving, continueVariant, halvingCost, halvingSchedule, stoppedStatus } from './halving';
import { expandSweep } from './sweep';
import { parseSweepState, serializeSweepState } from './sweepFile';
import { driveSweep, type SweepPorts } from './sweepRunner';
import { createSweepState, type RunOutcome, type SweepState } from './sweepState';
import type { SweepSpec } from './sweepSpec';

const base: GraphDocument = {
  format: 'layerloom',
  version: 1,
  name: 'lr',
  nodes: [
    { id: 'in', type: 'Input', params: {} },
    { id: 'opt', type: 'Optimizer', params: { learningRate: 0.01, epochs: 50 } },
  ],
  edges: [],
};

const LRS = [1e-4, 3.16e-4, 1e-3, 3.16e-3, 1e-2, 3.16e-2, 1e-1, 3.16e-1, 1];

/**
 * A deterministic stand-in for training: the best plateau is at lr 0.01, larger rates learn a
 * little faster but level off lower, so early rankings are not simply the final ones.
 */
function fakeAccuracy(lr: number, epochs: number): number {
  const d = Math.log10(lr) + 2;
  const plateau = 0.95 - 0.08 * d * d;
  const rate = 0.6 + (0.4 * (Math.log10(lr) + 4)) / 4;
  return plateau * (1 - Math.exp(-epochs * rate));
}

function lrSweep(halving?: SweepSpec['halving']): SweepState {
  const spec: SweepSpec = {
    params: [{ nodeId: 'opt', field: 'learningRate', values: LRS }],
    mode: 'grid',
    seed: 1,
    ...(halving ? { halving } : {}),
  };
  const x = expandSweep(base, spec);
  if (!x.ok) throw new Error(x.issues.map((i) => i.message).join('; '));
  return createSweepState({ name: 'lr', base, spec, variants: x.variants, now: new Date(0) });
}

/** Ports whose trainer reads the learning rate and epochs from the graph it is given. */
function fakePorts(fail: (lr: number) => boolean = () => false) {
  const trained: { id: string; runDir: string; lr: number; epochs: number }[] = [];
  const saved: SweepState[] = [];
  const ports: SweepPorts = {
    save: async (s) => {
      saved.push(s);
    },
    train: async ({ variant, doc, runDir }): Promise<RunOutcome> => {
      const opt = doc.nodes.find((n) => n.type === 'Optimizer');
      const lr = opt?.params.learningRate as number;
      const epochs = opt?.params.epochs as number;
      trained.push({ id: variant.id, runDir, lr, epochs });
      if (fail(lr)) return { runStatus: 'diverged', final: { val_acc: null } };
      return { runStatus: 'completed', final: { val_acc: fakeAccuracy(lr, epochs) } };
    },
  };
  return { ports, trained, saved };
}

const best = (s: SweepState) =>
  [...s.variants]
    .filter((v) => typeof v.final?.val_acc === 'number' && !v.stoppedAt)
    .sort((a, b) => (b.final?.val_acc as number) - (a.final?.val_acc as number))[0];

describe('successive halving', () => {
  it('schedules rungs until one variant is left, budgets growing by eta', () => {
    expect(halvingSchedule(9, { eta: 3, minEpochs: 1 })).toEqual([
      { rung: 0, epochs: 1, variants: 9 },
      { rung: 1, epochs: 3, variants: 3 },
      { rung: 2, epochs: 9, variants: 1 },
    ]);
    expect(halvingSchedule(10, { minEpochs: 2 }).map((r) => [r.variants, r.epochs])).toEqual([
      [10, 2],
      [4, 6],
      [2, 18],
      [1, 54],
    ]);
    expect(halvingCost(9, { eta: 3, minEpochs: 1 })).toEqual({ halving: 27, grid: 81 });
  });

  it('keeps the learning rate a full grid ranks first, at a third of the grid epochs', async () => {
    const grid = lrSweep();
    const full = fakePorts();
    const gridFinal = await driveSweep(
      {
        ...grid,
        base: {
          ...base,
          nodes: base.nodes.map((n) =>
            n.type === 'Optimizer' ? { ...n, params: { ...n.params, epochs: 9 } } : n,
          ),
        },
      },
      full.ports,
    );
    const gridBest = best(gridFinal);
    expect(gridBest?.assignments[0]?.value).toBe(1e-2);
    const gridEpochs = full.trained.reduce((t, r) => t + r.epochs, 0);
    expect(gridEpochs).toBe(81);

    const halved = fakePorts();
    const final = await driveSweep(lrSweep({ eta: 3, minEpochs: 1 }), halved.ports);
    const epochs = halved.trained.reduce((t, r) => t + r.epochs, 0);
    expect(epochs).toBe(27);
    expect(epochs).toBeLessThan(gridEpochs / 2);
    // The ranking at rung 0 is not the final one (lr 0.0316 leads after one epoch), yet the winner survives.
    expect(fakeAccuracy(3.16e-2, 1)).toBeGreaterThan(fakeAccuracy(1e-2, 1));
    const survivor = final.variants.filter((v) => !v.stoppedAt);
    expect(survivor.map((v) => v.assignments[0]?.value)).toEqual([1e-2]);
    expect(survivor[0]?.id).toBe(gridBest?.id);
    expect(survivor[0]?.rung).toBe(2);
    expect(halved.trained.filter((t) => t.id === survivor[0]?.id).map((t) => [t.runDir, t.epochs])).toEqual([
      ['v05', 1],
      ['v05-r1', 3],
      ['v05-r2', 9],
    ]);
    expect(final.variants.map((v) => v.rung)).toEqual([0, 0, 0, 0, 2, 1, 1, 0, 0]);
  });

  it('writes each stopped variant its rung, epochs and reason into sweep.json', async () => {
    const { ports, saved } = fakePorts();
    await driveSweep(lrSweep({ eta: 3, minEpochs: 1 }), ports);
    const text = serializeSweepState(saved.at(-1) as SweepState);
    const parsed = parseSweepState(text);
    if (!parsed.ok) throw new Error(parsed.error);
    const first = parsed.value.variants[0];
    expect(first?.stoppedAt).toEqual({
      rung: 0,
      epochs: 1,
      reason: `val accuracy ${fakeAccuracy(1e-4, 1)
        .toPrecision(3)
        .replace(/\.?0+$/, '')} ranked 9 of 9 at rung 0 (1 epoch); kept the top 3`,
    });
    const atRung1 = parsed.value.variants.filter((v) => v.stoppedAt?.rung === 1);
    expect(atRung1).toHaveLength(2);
    expect(atRung1[0]?.stoppedAt?.reason).toMatch(/ranked [23] of 3 at rung 1 \(3 epochs\); kept the top 1$/);
    expect(atRung1[0]?.earlierRungs?.[0]).toMatchObject({ rung: 0, epochs: 1 });
    expect(stoppedStatus(first!)).toBe('stopped at rung 0 (1 epoch)');
    expect(stoppedStatus(atRung1[0]!)).toBe('stopped at rung 1 (3 epochs)');
    expect(stoppedStatus(parsed.value.variants.find((v) => !v.stoppedAt)!)).toBeNull();
  });

  it('stops a variant without the metric first, saying its run diverged', async () => {
    const { ports } = fakePorts((lr) => lr === 1e-2);
    const final = await driveSweep(lrSweep({ eta: 3, minEpochs: 1 }), ports);
    expect(final.variants[4]?.stoppedAt?.reason).toBe(
      'no val accuracy (run diverged) at rung 0 (1 epoch); kept the top 3',
    );
  });

  it('resumes a stopped sweep at the rung it reached, retraining nothing finished', async () => {
    let runs = 0;
    const first = fakePorts();
    const train = first.ports.train;
    const stopped = await driveSweep(
      lrSweep({ eta: 3, minEpochs: 1 }),
      { ...first.ports, train: (r) => (runs++, train(r)) },
      { shouldStop: () => runs >= 10 },
    );
    expect(stopped.variants.filter((v) => v.stoppedAt)).toHaveLength(6);
    const again = fakePorts();
    const final = await driveSweep(stopped, again.ports);
    expect(again.trained.map((t) => t.epochs)).toEqual([3, 3, 9]);
    expect(final.variants.filter((v) => !v.stoppedAt)).toHaveLength(1);
  });

  it('continues a stopped variant by hand at the final budget', async () => {
    const { ports } = fakePorts();
    const done = await driveSweep(lrSweep({ eta: 3, minEpochs: 1 }), ports);
    const c = continueVariant(done, 'v01');
    if (!c.ok) throw new Error(c.error);
    const more = fakePorts();
    const final = await driveSweep(c.state, more.ports);
    expect(more.trained).toEqual([{ id: 'v01', runDir: 'v01-r2', lr: 1e-4, epochs: 9 }]);
    expect(final.variants[0]).toMatchObject({ status: 'done', rung: 2 });
    expect(final.variants[0]?.stoppedAt).toBeUndefined();
    expect(continueVariant(done, 'v05')).toEqual({
      ok: false,
      error: 'variant v05 was not stopped by successive halving',
    });
    expect(continueVariant(done, 'v99')).toMatchObject({ ok: false, error: 'sweep "lr" has no variant v99' });
  });

  it('refuses to sweep the epochs it sets, and a graph without an Optimizer', () => {
    const spec = { params: [{ nodeId: 'opt', field: 'epochs' }], halving: { minEpochs: 1 } };
    expect(checkHalving(base, spec).map((i) => i.param)).toEqual(['opt.epochs']);
    const noOpt = { ...base, nodes: base.nodes.filter((n) => n.type !== 'Optimizer') };
    expect(
      checkHalving(noOpt, { params: [], halving: { minEpochs: 1, eta: 1 } }).map((i) => i.message),
    ).toEqual([
      'halving.eta must be a whole number from 2 up, found 1.',
      'Successive halving sets the epochs of an Optimizer node; the graph has none.',
    ]);
  });
});
