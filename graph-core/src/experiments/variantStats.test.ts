import { describe, expect, it } from 'vitest';
import { tableToText } from './tableFormats';
import { compareVariants, paramVariantKeys, variantCurveBands, type SeedRun } from './variantStats';
import { variantNotes, variantParetoFront, variantTable } from './variantTable';

const cost = (params: number, latency: number) => ({
  trainableParams: params,
  nonTrainableParams: 0,
  flopsPerSample: params * 2,
  inferenceMsPerSample: latency,
  inferenceBatch: 30,
});

function run(variant: string, seed: number, curve: number[], params: number): SeedRun {
  return {
    id: `${variant}-${seed}`,
    label: `${variant}, seed ${seed}`,
    variantKey: variant,
    variantLabel: variant,
    final: { val_acc: curve[curve.length - 1]! },
    curve: curve.map((v, i) => ({ epoch: i + 1, val_acc: v, durationMs: 100 })),
    cost: cost(params, 0.01 * params),
    durationMs: 100 * curve.length,
  };
}

// relu rises sooner and ends higher on every seed; sigmoid is smaller and cheaper.
const runs = [
  run('relu', 1, [0.8, 0.92, 0.95], 100),
  run('relu', 2, [0.82, 0.93, 0.96], 100),
  run('relu', 3, [0.81, 0.91, 0.955], 100),
  run('sigmoid', 1, [0.5, 0.7, 0.9], 50),
  run('sigmoid', 2, [0.55, 0.75, 0.91], 50),
  run('sigmoid', 3, [0.52, 0.72, 0.905], 50),
];

describe('variants compared over seeds', () => {
  it('groups seeds, ranks by the mean with a min–max band under 5 seeds, and gives a verdict', () => {
    const cmp = compareVariants(runs);
    expect(cmp.metric).toBe('val_acc');
    expect(cmp.variants.map((v) => [v.label, v.rank, v.runIds.length, v.final?.band])).toEqual([
      ['relu', 1, 3, 'minmax'],
      ['sigmoid', 2, 3, 'minmax'],
    ]);
    expect(cmp.verdicts.map((v) => v.kind)).toEqual(['better']);
    expect(cmp.verdicts[0]!.text).toMatch(/^relu better than sigmoid \(p < 0\.001\)$/);
  });

  it('measures speed to the worst mean by default, and the area under the curve', () => {
    const cmp = compareVariants(runs);
    expect(cmp.target).toBeCloseTo(0.905, 12);
    const [relu, sigmoid] = cmp.variants;
    // Every relu seed passes 0.905 at epoch 2; sigmoid's seeds end at 0.9, 0.91 and 0.905.
    expect(relu!.target!.epochs!.mean).toBe(2);
    expect(sigmoid!.target!.reached).toBe(2);
    expect(relu!.auc!.mean).toBeGreaterThan(sigmoid!.auc!.mean);
  });

  it('marks the Pareto front against a cost and writes the notes', () => {
    const cmp = compareVariants(runs);
    expect([...variantParetoFront(cmp, 'params')].sort()).toEqual(['relu', 'sigmoid']);
    const text = tableToText(variantTable(cmp, 'latencyMs'));
    expect(text).toContain('Pareto (Inference ms / sample)');
    expect(text).toContain('0.9500–0.9600 (min–max)');
    expect(variantNotes(cmp).join('\n')).toContain("Welch's t-test");
  });

  it('keys plain runs by the params that differ, leaving the seed out', () => {
    const rows = [
      { nodeId: 'a', field: 'activation', key: 'a.activation', values: ['relu', 'relu', 'tanh'] },
      { nodeId: 'opt', field: 'seed', key: 'opt.seed', values: [1, 2, 1] },
    ];
    const keys = paramVariantKeys(
      rows,
      3,
      (r) => r.field === 'seed',
      (i) => `run ${i}`,
    );
    expect(keys.map((k) => k.label)).toEqual(['a.activation=relu', 'a.activation=relu', 'a.activation=tanh']);
    expect(
      paramVariantKeys(
        [rows[1]!],
        3,
        (r) => r.field === 'seed',
        (i) => `run ${i}`,
      )[0]!.label,
    ).toBe('run 0');
  });
});

describe('mean curves with bands', () => {
  it('averages each epoch over the seeds and bands it min–max under 5 seeds', () => {
    const bands = variantCurveBands(runs, 'val_acc');
    expect(bands.x).toEqual([1, 2, 3]);
    const relu = bands.variants[0]!;
    expect(relu.band).toBe('minmax');
    expect(relu.mean[0]).toBeCloseTo(0.81, 12);
    expect([relu.low[0], relu.high[0]]).toEqual([0.8, 0.82]);
  });
});

describe('seeds that diverged', () => {
  // Each "hot" seed blew up: one after a good epoch (0.97 at epoch 1, which must not be averaged in),
  // one at once; the third finished, at chance.
  const hot = [
    { ...run('hot', 1, [0.97], 100), status: 'diverged' },
    { ...run('hot', 2, [], 100), final: { val_acc: null }, status: 'diverged' },
    { ...run('hot', 3, [0.1, 0.1, 0.1], 100), status: 'completed' },
  ];
  const all = [...runs.map((r) => ({ ...r, status: 'completed' })), ...hot];

  it('are left out of the numbers, rank their variant last and keep it out of the verdicts', () => {
    const cmp = compareVariants(all);
    const h = cmp.variants.at(-1)!;
    expect([h.label, h.rank, h.runIds.length, h.diverged, h.final?.n, h.final?.mean]).toEqual([
      'hot',
      3,
      3,
      2,
      1,
      0.1,
    ]);
    expect(h.auc!.mean).toBeCloseTo(0.1, 12);
    expect(cmp.verdicts.map((v) => `${v.a}/${v.b}`)).toEqual(['relu/sigmoid']);
    const text = tableToText(variantTable(cmp));
    expect(text).toMatch(/hot .*one run \(2 of 3 seeds diverged, left out\)/);
    // Its one finished seed reached the target: 1 of 1, not 1 of 3.
    expect(text).not.toMatch(/hot .*\(1\/3 reached\)/);
    expect(variantNotes(cmp)).toContain('- hot: 2 of 3 seeds diverged, left out; ranked last and not tested');
  });

  it('of every seed leave the variant unranked, with no value, and its curve empty', () => {
    const gone = hot.map((r) => ({ ...r, status: 'diverged' }));
    const cmp = compareVariants([...runs, ...gone]);
    const h = cmp.variants.at(-1)!;
    expect([h.rank, h.final, h.auc, h.diverged]).toEqual([null, null, null, 3]);
    expect(tableToText(variantTable(cmp))).toMatch(/hot +3 +diverged +all 3 seeds diverged/);
    const bands = variantCurveBands([...runs, ...gone], 'val_acc');
    expect(bands.x).toEqual([1, 2, 3]);
    expect(bands.variants.at(-1)).toMatchObject({ label: 'hot', mean: [null, null, null], band: 'none' });
  });
});
