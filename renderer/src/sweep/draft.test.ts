import { describe, expect, it } from 'vitest';
import { getKindSpec } from '../../../graph-core/src/catalogue';
import type { ParamSpec } from '../../../graph-core/src/catalogue';
import type { GraphDocument } from '../../../graph-core/src/document';
import { expandSweep } from '../../../graph-core/src/experiments';
import {
  draftValue,
  EMPTY_DRAFT,
  liveParams,
  readDraft,
  setValues,
  specFromDraft,
  toggleParam,
  toggleValue,
} from './draft';

const spec = (type: 'Activation' | 'Optimizer' | 'Augment', name: string) =>
  getKindSpec(type).params.find((p) => p.name === name) as ParamSpec;

const doc: GraphDocument = {
  format: 'layerloom',
  version: 1,
  name: 'p',
  nodes: [
    { id: 'a1', type: 'Activation', params: { activation: 'relu' } },
    { id: 'opt', type: 'Optimizer', params: { optimizer: 'adam', seed: 7 } },
  ],
  edges: [],
};

describe('sweep draft', () => {
  it('starts a swept enum at its current value and ticks options in catalogue order', () => {
    let d = toggleParam(EMPTY_DRAFT, 'a1', 'activation', spec('Activation', 'activation'), 'relu');
    expect(d.params).toEqual([{ nodeId: 'a1', field: 'activation', values: ['relu'] }]);
    const order = (spec('Activation', 'activation') as { options: readonly string[] }).options;
    d = toggleValue(d, 'a1.activation', 'tanh', order);
    d = toggleValue(d, 'a1.activation', 'sigmoid', order);
    const values = d.params[0]?.values as string[];
    expect([...values].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(values);
    expect(new Set(values)).toEqual(new Set(['relu', 'tanh', 'sigmoid']));
    expect(toggleValue(d, 'a1.activation', 'relu', order).params[0]?.values).not.toContain('relu');
  });

  it('sweeps a yes/no param over both values at once', () => {
    const d = toggleParam(EMPTY_DRAFT, 'aug', 'flipHorizontal', spec('Augment', 'flipHorizontal'), undefined);
    expect(d.params[0]?.values).toEqual([false, true]);
  });

  it('turns a swept param off with the same toggle', () => {
    const s = spec('Activation', 'activation');
    const on = toggleParam(EMPTY_DRAFT, 'a1', 'activation', s, 'relu');
    expect(toggleParam(on, 'a1', 'activation', s, 'relu').params).toEqual([]);
  });

  it('round-trips through the document field and drops the field when nothing is swept', () => {
    const d = {
      ...EMPTY_DRAFT,
      mode: 'random' as const,
      budget: 3,
      repeats: 2,
      params: [
        {
          nodeId: 'opt',
          field: 'learningRate',
          values: { range: 'log' as const, min: 1e-4, max: 1e-1, count: 5 },
        },
      ],
    };
    expect(readDraft({ ...doc, sweep: draftValue(d) })).toEqual(d);
    expect(draftValue(EMPTY_DRAFT)).toBeUndefined();
  });

  it("keeps a sweep file's labels and linked nodes, and drops the labels once the values change", () => {
    const param = {
      nodeId: 'a1',
      field: 'activation',
      values: ['sigmoid', 'relu'],
      labels: ['S', 'R'],
      linked: ['a2'],
    };
    const d = readDraft({ ...doc, sweep: { params: [param] } });
    expect(d.params).toEqual([param]);
    expect(setValues(d, 'a1.activation', ['tanh']).params).toEqual([
      { nodeId: 'a1', field: 'activation', values: ['tanh'], linked: ['a2'] },
    ]);
  });

  it.each([
    ['no field', undefined],
    ['a string', 'grid'],
    [
      'params that are not params',
      { params: [1, { nodeId: 'a1' }, { nodeId: 'a1', field: 'x', values: { range: 'cubic' } }] },
    ],
  ])('reads %s as an empty sweep rather than failing', (_what, sweep) => {
    expect(readDraft({ ...doc, sweep }).params).toEqual([]);
  });

  it('builds a spec with the graph seed that expands to one variant per ticked value', () => {
    const d = {
      ...EMPTY_DRAFT,
      params: [{ nodeId: 'a1', field: 'activation', values: ['sigmoid', 'tanh', 'relu'] }],
    };
    const s = specFromDraft(doc, d);
    expect(s.seed).toBe(7);
    const e = expandSweep(doc, s);
    expect(e.ok && e.variants.map((v) => v.seed)).toEqual([7, 7, 7]);
    expect(specFromDraft(doc, { ...d, mode: 'random', budget: 2 }).budget).toBe(2);
    expect(specFromDraft(doc, d).budget).toBeUndefined();
  });

  it('forgets params of deleted nodes', () => {
    const d = {
      ...EMPTY_DRAFT,
      params: [
        { nodeId: 'gone', field: 'units', values: [1, 2] },
        { nodeId: 'a1', field: 'activation', values: ['relu'] },
      ],
    };
    expect(liveParams(doc, d).params.map((p) => p.nodeId)).toEqual(['a1']);
  });
});
