import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../document/types';
import {
  diffGraphs as diffWith,
  diffHyperParams as hyperWith,
  isEmptyDiff,
  writtenParams,
  type DiffOptions,
} from './diff';
import type { GraphDocument } from '../document/types';
import { mlp } from './testGraphs';

// Most cases compare params as written, so the expectations stay readable.
const raw: DiffOptions = { defaultsFor: writtenParams };
const diffGraphs = (a: GraphDocument, b: GraphDocument, o: DiffOptions = raw) => diffWith(a, b, o);
const diffHyperParams = (gs: GraphDocument[], o: DiffOptions = raw) => hyperWith(gs, o);

describe('diffGraphs', () => {
  it('finds no difference between a graph and itself, even with other edge ids and positions', () => {
    const a = mlp();
    const b = mlp({ d1: { position: { x: 40, y: 9 } } });
    b.edges = b.edges.map((e) => ({ ...e, id: `x-${e.id}` }));
    expect(isEmptyDiff(diffGraphs(a, b))).toBe(true);
  });

  it('reports a changed param with its before and after values', () => {
    const d = diffGraphs(mlp(), mlp({ a1: { params: { activation: 'sigmoid' } } }));
    expect(d.nodes.changed).toEqual([
      { id: 'a1', params: [{ field: 'activation', before: 'relu', after: 'sigmoid' }] },
    ]);
  });

  it('reports nested params by their dotted path', () => {
    const b = mlp();
    const opt = b.nodes.find((n) => n.id === 'opt');
    if (!opt) throw new Error('fixture has opt');
    opt.params = { ...opt.params, earlyStopping: { patience: 5 } };
    expect(diffGraphs(mlp(), b).nodes.changed[0]?.params).toEqual([
      { field: 'earlyStopping.patience', before: 3, after: 5 },
    ]);
  });

  it('reports a kind change together with the params that went with it', () => {
    const d = diffGraphs(mlp(), mlp({ a1: { type: 'LeakyReLU', params: { alpha: 0.2 } } }));
    expect(d.nodes.changed).toEqual([
      {
        id: 'a1',
        type: { before: 'Activation', after: 'LeakyReLU' },
        params: [
          { field: 'activation', before: 'relu', after: undefined },
          { field: 'alpha', before: undefined, after: 0.2 },
        ],
      },
    ]);
  });

  it('reports added and removed nodes and the wires that changed with them', () => {
    const a = mlp();
    const b = mlp();
    b.nodes.push({ id: 'drop', type: 'Dropout', params: { rate: 0.2 } });
    b.edges = b.edges.filter((e) => !(e.source === 'a1' && e.target === 'd2'));
    b.edges.push({ id: 'n1', source: 'a1', target: 'drop' }, { id: 'n2', source: 'drop', target: 'd2' });
    b.nodes = b.nodes.filter((n) => n.id !== 'flat');
    const d = diffGraphs(a, b);
    expect(d.nodes.added.map((n) => n.id)).toEqual(['drop']);
    expect(d.nodes.removed.map((n) => n.id)).toEqual(['flat']);
    expect(d.edges.added.map((e) => `${e.source}>${e.target}`)).toEqual(['a1>drop', 'drop>d2']);
    expect(d.edges.removed.map((e) => `${e.source}>${e.target}`)).toEqual(['a1>d2']);
  });

  it('treats an omitted param as its default when defaults are supplied', () => {
    const a = mlp({ d1: { params: {} } });
    const b = mlp({ d1: { params: { units: 32 } } });
    expect(diffGraphs(a, b).nodes.changed).toHaveLength(1);
    const defaultsFor = (t: string): Record<string, JsonValue> => (t === 'Dense' ? { units: 32 } : {});
    expect(diffGraphs(a, b, { defaultsFor }).nodes.changed).toEqual([]);
  });

  it('uses the catalogue defaults unless told otherwise', () => {
    const a = mlp({ opt: { params: {} } });
    const b = mlp({ opt: { params: { optimizer: 'adam', learningRate: 0.001 } } });
    expect(diffWith(a, b).nodes.changed).toEqual([]);
    expect(diffWith(a, mlp({ opt: { params: { learningRate: 0.01 } } })).nodes.changed[0]?.params).toEqual([
      { field: 'learningRate', before: 0.001, after: 0.01 },
    ]);
  });

  it('compares array params as whole values', () => {
    const a = mlp({ d1: { params: { units: 128, kernelSize: [3, 3] } } });
    const b = mlp({ d1: { params: { units: 128, kernelSize: [3, 5] } } });
    expect(diffGraphs(a, b).nodes.changed[0]?.params).toEqual([
      { field: 'kernelSize', before: [3, 3], after: [3, 5] },
    ]);
  });
});

describe('diffHyperParams', () => {
  it('lists only the params that differ across all graphs, one value per graph', () => {
    const graphs = [
      mlp(),
      mlp({ a1: { params: { activation: 'tanh' } } }),
      mlp({ a1: { params: { activation: 'sigmoid' } }, d1: { params: { units: 128 } } }),
    ];
    expect(diffHyperParams(graphs)).toEqual([
      { nodeId: 'a1', field: 'activation', key: 'a1.activation', values: ['relu', 'tanh', 'sigmoid'] },
    ]);
  });

  it('returns no rows for identical graphs or a single graph', () => {
    expect(diffHyperParams([mlp(), mlp()])).toEqual([]);
    expect(diffHyperParams([mlp()])).toEqual([]);
  });

  it('gives a missing node a kind row without repeating its unchanged params', () => {
    const b = mlp();
    b.nodes.push({ id: 'aug', type: 'Augment', params: { flip: true } });
    const c = mlp();
    c.nodes.push({ id: 'aug', type: 'Augment', params: { flip: true } });
    expect(diffHyperParams([mlp(), b, c])).toEqual([
      { nodeId: 'aug', field: null, key: 'aug', values: [undefined, 'Augment', 'Augment'] },
    ]);
  });

  it('reports a param that is set in one graph and omitted in another', () => {
    const rows = diffHyperParams([mlp(), mlp({ d1: { params: { units: 128, useBias: false } } })]);
    expect(rows).toEqual([{ nodeId: 'd1', field: 'useBias', key: 'd1.useBias', values: [undefined, false] }]);
  });
});
