import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyVariant, baseSeed, expandSweep, gridSize, type SweepVariant } from './sweep';
import { gridValues, type SweepSpec } from './sweepSpec';
import { mlp } from './testGraphs';
import { getField } from './values';

const activation = { nodeId: 'a1', field: 'activation', values: ['sigmoid', 'tanh', 'relu'] };
const lr = { nodeId: 'opt', field: 'learningRate', values: [0.001, 0.01] };
const spec = (over: Partial<SweepSpec> = {}): SweepSpec => ({
  params: [activation, lr],
  mode: 'grid',
  seed: 7,
  ...over,
});

function expand(s: SweepSpec): SweepVariant[] {
  const r = expandSweep(mlp(), s);
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('; '));
  return r.variants;
}

const param = (v: SweepVariant, nodeId: string, field: string) =>
  getField(v.doc.nodes.find((n) => n.id === nodeId)?.params ?? {}, field);

describe('grid expansion', () => {
  it('runs every combination once, first param slowest, with readable labels', () => {
    const vs = expand(spec());
    expect(vs.map((v) => v.label)).toEqual([
      'a1.activation=sigmoid, opt.learningRate=0.001',
      'a1.activation=sigmoid, opt.learningRate=0.01',
      'a1.activation=tanh, opt.learningRate=0.001',
      'a1.activation=tanh, opt.learningRate=0.01',
      'a1.activation=relu, opt.learningRate=0.001',
      'a1.activation=relu, opt.learningRate=0.01',
    ]);
    expect(vs.map((v) => v.id)).toEqual(['v01', 'v02', 'v03', 'v04', 'v05', 'v06']);
  });

  it('writes the swept values into each variant graph and leaves the base untouched', () => {
    const base = mlp();
    const r = expandSweep(base, spec());
    if (!r.ok) throw new Error('expected ok');
    expect(r.variants.map((v) => param(v, 'a1', 'activation'))).toEqual([
      'sigmoid',
      'sigmoid',
      'tanh',
      'tanh',
      'relu',
      'relu',
    ]);
    expect(r.variants.map((v) => param(v, 'opt', 'learningRate'))).toEqual([
      0.001, 0.01, 0.001, 0.01, 0.001, 0.01,
    ]);
    expect(base).toEqual(mlp());
  });

  it('gives every variant the same training seed and keeps the other params', () => {
    const vs = expand(spec());
    expect(new Set(vs.map((v) => param(v, 'opt', 'seed')))).toEqual(new Set([7]));
    expect(vs.every((v) => v.seed === 7 && param(v, 'opt', 'optimizer') === 'adam')).toBe(true);
  });

  it('gives repeats of a combination distinct seeds and the same values', () => {
    const vs = expand(spec({ params: [activation], repeats: 3 }));
    expect(vs).toHaveLength(9);
    expect(vs.slice(0, 3).map((v) => [v.seed, v.repeat, param(v, 'a1', 'activation')])).toEqual([
      [7, 0, 'sigmoid'],
      [8, 1, 'sigmoid'],
      [9, 2, 'sigmoid'],
    ]);
    expect(vs[1]?.label).toBe('a1.activation=sigmoid, seed 8');
  });

  it('stops at the run budget, repeats included, and says it was capped', () => {
    const r = expandSweep(mlp(), spec({ budget: 4, repeats: 2 }));
    expect(r.ok && r.variants.map((v) => v.label)).toEqual([
      'a1.activation=sigmoid, opt.learningRate=0.001, seed 7',
      'a1.activation=sigmoid, opt.learningRate=0.001, seed 8',
      'a1.activation=sigmoid, opt.learningRate=0.01, seed 7',
      'a1.activation=sigmoid, opt.learningRate=0.01, seed 8',
    ]);
    expect(r.ok && r.capped).toBe(true);
    const all = expandSweep(mlp(), spec({ budget: 100 }));
    expect(all.ok && [all.variants.length, all.capped]).toEqual([6, false]);
  });

  it('sets a nested field, creating it when the base has none', () => {
    const vs = expand(spec({ params: [{ nodeId: 'opt', field: 'earlyStopping.patience', values: [1, 2] }] }));
    expect(vs.map((v) => param(v, 'opt', 'earlyStopping'))).toEqual([{ patience: 1 }, { patience: 2 }]);
    const none = applyVariant(mlp({ opt: { params: {} } }), {
      assignments: vs[0]?.assignments ?? [],
      seed: 1,
    });
    expect(none.nodes.find((n) => n.id === 'opt')?.params).toEqual({
      seed: 1,
      earlyStopping: { patience: 1 },
    });
  });

  it('spells out log and linear ranges', () => {
    expect(gridValues({ range: 'log', min: 1e-4, max: 1e-1, count: 4 })).toEqual([1e-4, 1e-3, 1e-2, 1e-1]);
    expect(gridValues({ range: 'linear', min: 0, max: 1, count: 3 })).toEqual([0, 0.5, 1]);
    expect(gridValues({ range: 'log', min: 16, max: 256, count: 5, integer: true })).toEqual([
      16, 32, 64, 128, 256,
    ]);
    expect(gridValues({ range: 'linear', min: 1, max: 2, count: 5, integer: true })).toEqual([1, 2]);
  });

  it('counts grid sizes as the product of the value counts', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), (counts) => {
        const params = counts.map((c, i) => ({
          nodeId: 'opt',
          field: `p${i}`,
          values: Array.from({ length: c }, (_, k) => k),
        }));
        const s: SweepSpec = { params, mode: 'grid', seed: 1 };
        expect(gridSize(s)).toBe(counts.reduce((a, b) => a * b, 1));
        const labels = expand(s).map((v) => v.label);
        expect(new Set(labels).size).toBe(gridSize(s));
      }),
    );
  });
});

describe('random expansion', () => {
  it('draws distinct combinations from listed values, the same ones for the same seed', () => {
    const a = expand(spec({ mode: 'random', budget: 4 }));
    expect(a).toHaveLength(4);
    expect(new Set(a.map((v) => v.label)).size).toBe(4);
    expect(expand(spec({ mode: 'random', budget: 4 })).map((v) => v.label)).toEqual(a.map((v) => v.label));
    const other = [1, 2, 3, 4, 5].map((seed) =>
      expand(spec({ mode: 'random', budget: 4, seed }))
        .map((v) => v.label)
        .join(),
    );
    expect(new Set(other).size).toBeGreaterThan(1);
  });

  it('never draws more than the grid holds', () => {
    expect(expand(spec({ mode: 'random', budget: 50 }))).toHaveLength(6);
  });

  it('samples ranges inside their bounds', () => {
    const vs = expand(
      spec({
        mode: 'random',
        budget: 30,
        params: [
          { nodeId: 'opt', field: 'learningRate', values: { range: 'log', min: 1e-4, max: 1e-1, count: 4 } },
          {
            nodeId: 'opt',
            field: 'batchSize',
            values: { range: 'linear', min: 16, max: 128, count: 2, integer: true },
          },
        ],
      }),
    );
    expect(vs).toHaveLength(30);
    for (const v of vs) {
      const rate = param(v, 'opt', 'learningRate') as number;
      const batch = param(v, 'opt', 'batchSize') as number;
      expect(rate).toBeGreaterThanOrEqual(1e-4);
      expect(rate).toBeLessThanOrEqual(1e-1);
      expect(Number.isInteger(batch) && batch >= 16 && batch <= 128).toBe(true);
    }
    // Log-uniform: about half the draws fall below the geometric middle (~3e-3).
    const low = vs.filter((v) => (param(v, 'opt', 'learningRate') as number) < 3.16e-3).length;
    expect(low).toBeGreaterThan(5);
    expect(low).toBeLessThan(25);
  });
});

describe('spec mistakes', () => {
  it.each<[string, Partial<SweepSpec>, string]>([
    [
      'an unknown node',
      { params: [{ nodeId: 'a9', field: 'activation', values: ['relu'] }] },
      'Sweep param a9.activation: there is no node "a9"',
    ],
    [
      'no values',
      { params: [{ nodeId: 'a1', field: 'activation', values: [] }] },
      'Sweep param a1.activation: has no values.',
    ],
    [
      'a repeated value',
      { params: [{ nodeId: 'a1', field: 'activation', values: ['relu', 'relu'] }] },
      'lists "relu" twice',
    ],
    [
      'a param swept twice',
      { params: [activation, activation] },
      'Sweep param a1.activation is swept twice.',
    ],
    [
      'a log range from 0',
      {
        params: [
          { nodeId: 'opt', field: 'learningRate', values: { range: 'log', min: 0, max: 1, count: 3 } },
        ],
      },
      'a log range needs min > 0',
    ],
    [
      'min above max',
      {
        params: [
          { nodeId: 'opt', field: 'learningRate', values: { range: 'linear', min: 2, max: 1, count: 3 } },
        ],
      },
      'min (2) is larger than max (1)',
    ],
    [
      'a field inside a number',
      { params: [{ nodeId: 'd1', field: 'units.size', values: [1] }] },
      'Dense "d1" has units = 128, which has no field "size"',
    ],
    ['no params', { params: [] }, 'A sweep needs at least one swept param.'],
    ['a zero budget', { budget: 0 }, 'The run budget must be a whole number from 1 up, found 0.'],
    ['fractional repeats', { repeats: 1.5 }, 'Repeats must be a whole number from 1 up, found 1.5.'],
    [
      'random search over a range with no budget',
      {
        mode: 'random',
        params: [
          { nodeId: 'opt', field: 'learningRate', values: { range: 'log', min: 1e-4, max: 1, count: 3 } },
        ],
      },
      'needs a run budget',
    ],
  ])('reports %s', (_, over, message) => {
    const r = expandSweep(mlp(), spec(over));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues.map((i) => i.message).join('\n')).toContain(message);
  });
});

describe('baseSeed', () => {
  it('reads the Optimizer seed, or its documented default when left out', () => {
    expect(baseSeed(mlp({ opt: { params: { seed: 7 } } }))).toBe(7);
    expect(baseSeed(mlp())).toBe(42);
    expect(baseSeed({ ...mlp(), nodes: [] })).toBeUndefined();
  });
});

describe('switching several params together', () => {
  const withAug = () => {
    const g = mlp();
    g.nodes.splice(1, 0, { id: 'aug', type: 'Augment', params: { rotation: 10 } });
    return g;
  };
  const onOff = {
    nodeId: 'aug',
    field: '*',
    values: [
      { rotation: 0, shift: 0 },
      { rotation: 15, shift: 0.1 },
    ],
    labels: ['off', 'on'],
  };

  it('merges each object into the node and names it by its label', () => {
    const r = expandSweep(withAug(), { params: [onOff], mode: 'grid', seed: 1 });
    if (!r.ok) throw new Error(r.issues[0]?.message);
    expect(r.variants.map((v) => v.label)).toEqual(['aug=off', 'aug=on']);
    expect(r.variants.map((v) => v.doc.nodes.find((n) => n.id === 'aug')?.params)).toEqual([
      { rotation: 0, shift: 0 },
      { rotation: 15, shift: 0.1 },
    ]);
  });

  it.each<[string, object, string]>([
    [
      'a value that is not an object',
      { values: [1, { rotation: 0 }], labels: undefined },
      'every value must be an object of Augment params to merge, found 1',
    ],
    ['labels that do not match the values', { labels: ['off'] }, 'has 1 labels for 2 values'],
  ])('reports %s', (_, over, message) => {
    const r = expandSweep(withAug(), { params: [{ ...onOff, ...over }], mode: 'grid', seed: 1 });
    expect(!r.ok && r.issues[0]?.message).toContain(message);
  });
});

describe('linked params', () => {
  const both = { nodeId: 'd1', field: 'units', values: [16, 64], linked: ['d2'] };

  it('writes one value into the node and every linked node, as one choice rather than a grid', () => {
    const vs = expand(spec({ params: [both] }));
    expect(vs.map((v) => [param(v, 'd1', 'units'), param(v, 'd2', 'units')])).toEqual([
      [16, 16],
      [64, 64],
    ]);
    expect(vs.map((v) => v.label)).toEqual(['d1+d2.units=16', 'd1+d2.units=64']);
    expect(vs[0]?.assignments[0]?.linked).toEqual(['d2']);
  });

  it('names a linked node that is missing or of another kind', () => {
    const bad = (linked: string[]) => {
      const r = expandSweep(mlp(), spec({ params: [{ ...both, linked }] }));
      return r.ok ? [] : r.issues.map((i) => i.message);
    };
    expect(bad(['d9'])).toEqual([
      'Sweep param d1.units: links node "d9", which is not in the graph "MNIST MLP".',
    ]);
    expect(bad(['a1'])).toEqual([
      'Sweep param d1.units: links Activation "a1" to Dense "d1"; linked nodes must be of one kind.',
    ]);
    expect(bad(['d2', 'd2'])).toEqual(['Sweep param d1.units: lists node "d2" twice.']);
  });
});
