import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../document/types';
import {
  checkHalving,
  continueVariant,
  halvingCost,
  halvingSchedule,
  hasWorkLeft,
  defaultHalving,
  parseHalvingText,
  stoppedLine,
  stoppedStatus,
} from './halving';
import { halvingLine, halvingSummary, rungText } from './halvingText';
import { readDraft, specFromDraft } from './projectSweep';
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

function lrSweep(halving?: SweepSpec['halving'], repeats = 1, lrs: number[] = LRS): SweepState {
  const spec: SweepSpec = {
    params: [{ nodeId: 'opt', field: 'learningRate', values: lrs }],
    mode: 'grid',
    seed: 1,
    ...(repeats > 1 ? { repeats } : {}),
    ...(halving ? { halving } : {}),
  };
  const x = expandSweep(base, spec);
  if (!x.ok) throw new Error(x.issues.map((i) => i.message).join('; '));
  return createSweepState({ name: 'lr', base, spec, variants: x.variants, now: new Date(0) });
}

/** Ports whose trainer reads the learning rate and epochs from the graph it is given. */
function fakePorts(fail: (lr: number) => boolean = () => false, noise: (seed: number) => number = () => 0) {
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
      return { runStatus: 'completed', final: { val_acc: fakeAccuracy(lr, epochs) + noise(variant.seed) } };
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

  it('halves combinations with repeats, each ranked by the mean of its seeds', async () => {
    // Seed 2 of every combination lands 0.3 lower: the means keep the noiseless order.
    const lrs = [1e-4, 1e-3, 1e-2, 1e-1];
    const { ports, trained } = fakePorts(undefined, (seed) => (seed === 2 ? -0.3 : 0));
    const final = await driveSweep(lrSweep({ eta: 2, minEpochs: 1 }, 2, lrs), ports);
    expect(halvingSchedule(8, { eta: 2, minEpochs: 1 }, 2)).toEqual([
      { rung: 0, epochs: 1, variants: 8 },
      { rung: 1, epochs: 2, variants: 4 },
      { rung: 2, epochs: 4, variants: 2 },
    ]);
    expect(trained.map((t) => t.epochs)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4]);
    // Both seeds of lr 0.01 survive together; the two seeds of a combination always share a fate.
    const kept = final.variants.filter((v) => !v.stoppedAt);
    expect(kept.map((v) => [v.assignments[0]?.value, v.seed, v.rung])).toEqual([
      [1e-2, 1, 2],
      [1e-2, 2, 2],
    ]);
    const mean01 = (fakeAccuracy(1e-4, 1) * 2 - 0.3) / 2;
    expect(final.variants[0]?.stoppedAt?.reason).toBe(
      `mean val accuracy ${mean01.toPrecision(3).replace(/\.?0+$/, '')} over 2 seeds ranked 4 of 4 at rung 0 (1 epoch); kept the top 2`,
    );
    expect(final.variants[1]?.stoppedAt).toEqual(final.variants[0]?.stoppedAt);
    expect(halvingCost(8, { eta: 2, minEpochs: 1 }, 2)).toEqual({ halving: 24, grid: 32 });
  });

  it('stops a combination with a seed without the metric, naming the seed', async () => {
    const lrs = [1e-4, 1e-2, 1e-1];
    const { ports } = fakePorts((lr) => lr === 1e-1);
    const final = await driveSweep(lrSweep({ eta: 3, minEpochs: 1 }, 2, lrs), ports);
    expect(final.variants.find((v) => v.id === 'v05')?.stoppedAt?.reason).toBe(
      'no val accuracy for seed 1 (run diverged) at rung 0 (1 epoch); kept the top 1',
    );
  });

  it('continues every seed of a stopped combination together', async () => {
    const lrs = [1e-4, 1e-2, 1e-1];
    const done = await driveSweep(lrSweep({ eta: 3, minEpochs: 1 }, 2, lrs), fakePorts().ports);
    const c = continueVariant(done, 'v01');
    if (!c.ok) throw new Error(c.error);
    const more = fakePorts();
    await driveSweep(c.state, more.ports);
    expect(more.trained.map((t) => [t.id, t.runDir, t.epochs])).toEqual([
      ['v01', 'v01-r1', 3],
      ['v02', 'v02-r1', 3],
    ]);
  });

  it('has work left after a stop between a rung and its decision', async () => {
    const first = fakePorts();
    let runs = 0;
    const train = first.ports.train;
    const stopped = await driveSweep(
      lrSweep({ eta: 3, minEpochs: 1 }),
      { ...first.ports, train: (r) => (runs++, train(r)) },
      { shouldStop: () => runs >= 9 },
    );
    // Every rung-0 run finished, none is pending, yet the rung is still to be decided.
    expect(stopped.variants.every((v) => v.status === 'done' && !v.stoppedAt)).toBe(true);
    expect(hasWorkLeft(stopped)).toBe(true);
    const final = await driveSweep(stopped, fakePorts().ports);
    expect(hasWorkLeft(final)).toBe(false);
  });

  it('reads ETA[:MIN_EPOCHS] and refuses what checkHalving would', () => {
    expect(parseHalvingText('3')).toEqual({ eta: 3, minEpochs: 1 });
    expect(parseHalvingText('4:2')).toEqual({ eta: 4, minEpochs: 2 });
    for (const bad of ['1', '3:0', 'x', '3:', ':2', '2.5', '-3', ' 3'])
      expect(parseHalvingText(bad)).toBeNull();
  });

  it('tells the schedule: the CLI line, the app summary and a variant rung', () => {
    expect(halvingLine(9, { eta: 3, minEpochs: 1 })).toBe(
      'Successive halving (eta 3): 9×1, 3×3, 1×9 epochs (variants × epochs per rung): at most 27 epochs, where a grid at 9 trains 81.',
    );
    expect(halvingLine(6, { eta: 3, minEpochs: 1 }, 2)).toBe(
      'Successive halving (eta 3): 6×1, 2×3 epochs (runs × epochs per rung, 2 seeds per variant): at most 12 epochs, where a grid at 3 trains 18.',
    );
    expect(halvingSummary(9, { eta: 3, minEpochs: 1 })).toEqual({
      cost: '9 variants: at most 27 epochs instead of 81 (a grid at 9 epochs)',
      rungs: 'rung 0: 9×1 epoch · rung 1: 3×3 epochs · rung 2: 1×9 epochs',
    });
    const s = lrSweep({ eta: 3, minEpochs: 2 });
    expect(rungText(s, { rung: 0 })).toBe('rung 0 (2 epochs)');
    expect(rungText(s, { rung: 2 })).toBe('rung 2 (18 epochs, final)');
    expect(rungText(lrSweep(), { rung: 0 })).toBeNull();
    expect(rungText(s, { rung: 2, earlierRungs: [{ rung: 0, epochs: 2 }] })).toBe(
      'rung 2 (18 epochs, final), continued from rung 0',
    );
    expect(
      stoppedLine({
        stoppedAt: {
          rung: 1,
          epochs: 3,
          reason: 'val accuracy 0.9 ranked 2 of 3 at rung 1 (3 epochs); kept the top 1',
        },
      }),
    ).toBe('stopped at rung 1 (3 epochs): val accuracy 0.9 ranked 2 of 3; kept the top 1');
    expect(stoppedLine({})).toBeNull();
  });

  it('starts from a halving whose last rung trains about the epochs the graph sets', () => {
    expect(defaultHalving(9, 60)).toEqual({ eta: 3, minEpochs: 7 });
    expect(halvingSchedule(9, defaultHalving(9, 60)).at(-1)?.epochs).toBe(63);
    expect(defaultHalving(4, 8, 2)).toEqual({ eta: 2, minEpochs: 2 });
    expect(defaultHalving(9, 3)).toEqual({ eta: 3, minEpochs: 1 });
    expect(defaultHalving(1, 5)).toEqual({ eta: 3, minEpochs: 5 });
  });

  it('carries the halving the app stores in a project to the sweep spec, wrong numbers kept to be named', () => {
    const stored = (halving: unknown) =>
      readDraft({
        ...base,
        sweep: { params: [{ nodeId: 'opt', field: 'learningRate', values: [0.1, 1] }], halving },
      } as GraphDocument);
    expect(specFromDraft(base, stored({ eta: 2, minEpochs: 3 })).halving).toEqual({ eta: 2, minEpochs: 3 });
    expect(stored('3:1').halving).toBeUndefined();
    const wrong = specFromDraft(base, stored({ eta: 1.5, minEpochs: 0 }));
    const x = expandSweep(base, wrong);
    expect(x.ok ? [] : x.issues.map((i) => i.message)).toEqual([
      'halving.eta must be a whole number from 2 up, found 1.5.',
      'halving.minEpochs must be a whole number from 1 up, found 0.',
    ]);
    expect(specFromDraft(base, stored(undefined))).not.toHaveProperty('halving');
  });
});
