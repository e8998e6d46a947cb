import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../../graph-core/src/document';
import {
  createSweepState,
  expandSweep,
  markDone,
  markStarted,
  type SweepState,
} from '../../../graph-core/src/experiments';
import { applyBestEdits, bestVariant, parallelAxes, rankVariants } from './results';

const doc: GraphDocument = {
  format: 'layerloom',
  version: 1,
  name: 'p',
  nodes: [
    { id: 'a1', type: 'Activation', params: { activation: 'relu' } },
    {
      id: 'opt',
      type: 'Optimizer',
      params: { learningRate: 0.001, earlyStopping: { patience: 3, monitor: 'val_loss' } },
    },
  ],
  edges: [],
};
const now = new Date(0);

function finished(outcomes: Record<string, { runStatus: string; val_acc?: number }>): SweepState {
  const spec = {
    params: [{ nodeId: 'a1', field: 'activation', values: ['sigmoid', 'tanh', 'relu'] }],
    mode: 'grid' as const,
    seed: 1,
  };
  const e = expandSweep(doc, spec);
  if (!e.ok) throw new Error('bad spec');
  let s = createSweepState({ name: 's', base: doc, spec, variants: e.variants, now });
  for (const [id, o] of Object.entries(outcomes)) {
    s = markStarted(s, id, id, now);
    s = markDone(
      s,
      id,
      {
        runStatus: o.runStatus,
        final: o.val_acc === undefined ? {} : { val_acc: o.val_acc, val_loss: 1 - o.val_acc },
      },
      now,
    );
  }
  return s;
}

describe('sweep results', () => {
  it('ranks by the chosen metric with unfinished variants last and unranked', () => {
    const s = finished({
      v01: { runStatus: 'completed', val_acc: 0.8 },
      v02: { runStatus: 'completed', val_acc: 0.9 },
    });
    expect(rankVariants(s, 'val_acc').map((r) => [r.run.id, r.rank])).toEqual([
      ['v02', 1],
      ['v01', 2],
      ['v03', null],
    ]);
    expect(rankVariants(s, 'val_loss')[0]?.run.id).toBe('v02');
  });

  it('picks the best completed variant, never a stopped or diverged one', () => {
    const s = finished({
      v01: { runStatus: 'completed', val_acc: 0.8 },
      v02: { runStatus: 'stopped', val_acc: 0.95 },
      v03: { runStatus: 'diverged' },
    });
    expect(bestVariant(s, 'val_acc')?.id).toBe('v01');
    expect(bestVariant(finished({}), 'val_acc')).toBeUndefined();
  });

  it('never picks a variant successive halving stopped, whatever its shorter-budget number', () => {
    const s = finished({
      v01: { runStatus: 'completed', val_acc: 0.97 },
      v02: { runStatus: 'completed', val_acc: 0.9 },
      v03: { runStatus: 'completed', val_acc: 0.5 },
    });
    // A short budget can score above the survivor's full one (the survivor overfits later, say).
    const halved: SweepState = {
      ...s,
      variants: s.variants.map((v) =>
        v.id === 'v01' ? { ...v, stoppedAt: { rung: 0, epochs: 1, reason: 'ranked 2 of 3' } } : v,
      ),
    };
    expect(bestVariant(s, 'val_acc')?.id).toBe('v01');
    expect(bestVariant(halved, 'val_acc')?.id).toBe('v02');
  });

  it('applies only what differs from the canvas, nested fields as their whole object', () => {
    expect(
      applyBestEdits(doc, { assignments: [{ nodeId: 'a1', field: 'activation', value: 'tanh' }] }),
    ).toEqual([{ nodeId: 'a1', name: 'activation', value: 'tanh' }]);
    expect(
      applyBestEdits(doc, { assignments: [{ nodeId: 'a1', field: 'activation', value: 'relu' }] }),
    ).toEqual([]);
    expect(
      applyBestEdits(doc, { assignments: [{ nodeId: 'opt', field: 'earlyStopping.patience', value: 5 }] }),
    ).toEqual([{ nodeId: 'opt', name: 'earlyStopping', value: { patience: 5, monitor: 'val_loss' } }]);
    expect(applyBestEdits(doc, { assignments: [{ nodeId: 'gone', field: 'units', value: 3 }] })).toEqual([]);
  });

  it('merges an object of params for a merge-field sweep (augmentation on/off)', () => {
    expect(
      applyBestEdits(doc, {
        assignments: [{ nodeId: 'opt', field: '*', value: { learningRate: 0.01, batchSize: 32 } }],
      }),
    ).toEqual([
      { nodeId: 'opt', name: 'learningRate', value: 0.01 },
      { nodeId: 'opt', name: 'batchSize', value: 32 },
    ]);
  });

  it('puts a linked param on every linked node (one activation for all hidden layers)', () => {
    const deep: GraphDocument = {
      ...doc,
      nodes: [...doc.nodes, { id: 'a2', type: 'Activation', params: { activation: 'relu' } }],
    };
    expect(
      applyBestEdits(deep, {
        assignments: [{ nodeId: 'a1', field: 'activation', value: 'tanh', linked: ['a2', 'gone'] }],
      }),
    ).toEqual([
      { nodeId: 'a1', name: 'activation', value: 'tanh' },
      { nodeId: 'a2', name: 'activation', value: 'tanh' },
    ]);
  });

  it('lays parallel axes out per swept param plus the metric, the best variant at the top', () => {
    const s = finished({
      v01: { runStatus: 'completed', val_acc: 0.8 },
      v02: { runStatus: 'completed', val_acc: 0.9 },
    });
    const [param, metric] = parallelAxes(s, 'val_acc');
    expect(param?.ticks.map((t) => t.text)).toEqual(['sigmoid', 'tanh', 'relu']);
    expect(param?.position('tanh')).toBe(0.5);
    expect(metric?.position(0.9)).toBe(1);
    const [, loss] = parallelAxes(s, 'val_loss');
    expect(loss?.position(0.1)).toBeCloseTo(1);
  });
});
