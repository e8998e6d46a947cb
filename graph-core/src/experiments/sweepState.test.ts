import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandSweep } from './sweep';
import { parseSweepState, serializeSweepState } from './sweepFile';
import {
  createSweepState,
  isSweepFinished,
  markDone,
  markInterrupted,
  markStarted,
  nextPending,
  recoverSweep,
  retryFailed,
  sweepProgress,
  variantGraph,
  type RunOutcome,
  type SweepState,
} from './sweepState';
import { bestVariant, sweepComparison } from './sweepTable';
import { mlp } from './testGraphs';

const now = new Date('2025-01-02T03:04:05Z');

function newState(count = 3): SweepState {
  const values = ['sigmoid', 'tanh', 'relu', 'elu', 'selu', 'swish'].slice(0, count);
  const spec = { params: [{ nodeId: 'a1', field: 'activation', values }], mode: 'grid' as const, seed: 3 };
  const r = expandSweep(mlp(), spec);
  if (!r.ok) throw new Error('fixture spec is valid');
  return createSweepState({ name: 'activation', base: mlp(), spec, variants: r.variants, now });
}

describe('sweep state transitions', () => {
  it('runs variants in order and finishes when none is pending', () => {
    let s = newState(2);
    expect(nextPending(s)?.id).toBe('v01');
    s = markStarted(s, 'v01', 'v01', now);
    expect(nextPending(s)?.id).toBe('v02');
    s = markDone(s, 'v01', { runStatus: 'completed', final: { val_acc: 0.9 } }, now);
    s = markStarted(s, 'v02', 'v02', now);
    s = markDone(s, 'v02', { runStatus: 'failed', error: 'bad graph' }, now);
    expect(nextPending(s)).toBeUndefined();
    expect(isSweepFinished(s)).toBe(true);
    expect(sweepProgress(s)).toEqual({ total: 2, pending: 0, running: 0, done: 1, failed: 1 });
    expect(s.variants[0]?.final).toEqual({ val_acc: 0.9 });
  });

  it('counts a diverged or stopped run as done, since it ran', () => {
    let s = markStarted(newState(1), 'v01', 'v01', now);
    s = markDone(s, 'v01', { runStatus: 'diverged' }, now);
    expect(s.variants[0]?.status).toBe('done');
  });

  it('refuses to start a variant twice (a runner bug)', () => {
    const s = markStarted(newState(), 'v01', 'v01', now);
    expect(() => markStarted(s, 'v01', 'v01-b', now)).toThrow('variant v01 is running, expected pending');
    expect(() => markDone(newState(), 'v02', { runStatus: 'completed' }, now)).toThrow('expected running');
  });

  it('puts a stopped variant back in the queue and sets its partial run aside', () => {
    let s = markStarted(newState(), 'v01', 'v01', now);
    s = markInterrupted(s, 'v01');
    expect(s.variants[0]).toMatchObject({ status: 'pending', abandoned: ['v01'] });
    expect(s.variants[0]?.runDir).toBeUndefined();
    expect(nextPending(s)?.id).toBe('v01');
  });

  it('retries failed variants only when asked', () => {
    let s = markStarted(newState(1), 'v01', 'v01', now);
    s = markDone(s, 'v01', { runStatus: 'failed', error: 'x' }, now);
    expect(nextPending(s)).toBeUndefined();
    const again = retryFailed(s);
    expect(again.variants[0]).toMatchObject({ status: 'pending', abandoned: ['v01'] });
    expect(again.variants[0]?.error).toBeUndefined();
  });

  it('rebuilds each variant graph from the base and its assignments', () => {
    const s = newState();
    const g = variantGraph(s, s.variants[1] ?? s.variants[0]!);
    expect(g.nodes.find((n) => n.id === 'a1')?.params.activation).toBe('tanh');
    expect(g.nodes.find((n) => n.id === 'opt')?.params.seed).toBe(3);
  });
});

describe('sweep.json', () => {
  it('round-trips through its file form', () => {
    let s = markStarted(newState(), 'v01', 'runs/v01', now);
    s = markDone(s, 'v01', { runStatus: 'completed', final: { loss: 0.5, val_acc: null } }, now);
    const back = parseSweepState(serializeSweepState(s));
    expect(back).toEqual({ ok: true, value: s });
  });

  it.each([
    ['{', 'sweep.json is not valid JSON'],
    ['{"format":"x"}', 'sweep.json: format:'],
    [JSON.stringify({ ...newState(), variants: [{ id: 'v01' }] }), 'sweep.json: variants[0].label:'],
  ])('explains what is wrong with %s', (text, message) => {
    const r = parseSweepState(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(message);
  });
});

/**
 * Runs a sweep the way the CLI does (persist before acting), killing the process after `killAt`
 * steps; a step is one persisted write or one training run. Returns the trained run folders.
 */
function runUntilKilled(
  disk: { sweepJson: string; runs: Map<string, RunOutcome | 'partial'>; trained: string[] },
  killAt: number,
): boolean {
  let steps = 0;
  const step = () => {
    steps += 1;
    if (steps > killAt) throw new Error('killed');
  };
  try {
    const loaded = parseSweepState(disk.sweepJson);
    if (!loaded.ok) throw new Error(loaded.error);
    const finished = (dir: string) => {
      const r = disk.runs.get(dir);
      return r === 'partial' ? undefined : r;
    };
    let { state } = recoverSweep(loaded.value, finished, now);
    step();
    disk.sweepJson = serializeSweepState(state);
    for (let v = nextPending(state); v; v = nextPending(state)) {
      const dir = `${v.id}-${v.abandoned?.length ?? 0}`;
      state = markStarted(state, v.id, dir, now);
      step();
      disk.sweepJson = serializeSweepState(state);
      disk.runs.set(dir, 'partial');
      disk.trained.push(v.id);
      step();
      const outcome: RunOutcome = { runStatus: 'completed', final: { val_acc: 0.5 } };
      disk.runs.set(dir, outcome);
      state = markDone(state, v.id, outcome, now);
      step();
      disk.sweepJson = serializeSweepState(state);
    }
    return true;
  } catch (e) {
    if ((e as Error).message !== 'killed') throw e;
    return false;
  }
}

describe('resume after a kill', () => {
  it('a variant killed mid-run is run again and its partial folder is abandoned', () => {
    const disk = { sweepJson: serializeSweepState(newState()), runs: new Map(), trained: [] as string[] };
    expect(runUntilKilled(disk, 3)).toBe(false);
    const loaded = parseSweepState(disk.sweepJson);
    if (!loaded.ok) throw new Error(loaded.error);
    const { state, abandoned } = recoverSweep(loaded.value, () => undefined, now);
    expect(abandoned).toEqual(['v01-0']);
    expect(state.variants[0]).toMatchObject({ status: 'pending', abandoned: ['v01-0'] });
  });

  it('a variant that finished just before the kill is kept, not run again', () => {
    const s = markStarted(newState(1), 'v01', 'v01-0', now);
    const { state, abandoned } = recoverSweep(s, () => ({ runStatus: 'completed', final: { acc: 1 } }), now);
    expect(abandoned).toEqual([]);
    expect(state.variants[0]).toMatchObject({ status: 'done', final: { acc: 1 } });
  });

  it('runs every variant to completion exactly once, whatever steps the kills land on', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 8 }),
        (n, kills) => {
          const disk = {
            sweepJson: serializeSweepState(newState(n)),
            runs: new Map(),
            trained: [] as string[],
          };
          for (const k of kills) runUntilKilled(disk, k);
          expect(runUntilKilled(disk, Number.POSITIVE_INFINITY)).toBe(true);
          const final = parseSweepState(disk.sweepJson);
          if (!final.ok) throw new Error(final.error);
          expect(sweepProgress(final.value)).toMatchObject({ total: n, done: n, pending: 0, running: 0 });
          // Each variant has exactly one completed run folder recorded, and no completed run was repeated.
          const completedByVariant = new Map<string, number>();
          for (const [dir, r] of disk.runs) {
            if (r !== 'partial')
              completedByVariant.set(
                dir.split('-')[0] ?? '',
                (completedByVariant.get(dir.split('-')[0] ?? '') ?? 0) + 1,
              );
          }
          expect([...completedByVariant.values()].every((c) => c === 1)).toBe(true);
          expect(completedByVariant.size).toBe(n);
          for (const v of final.value.variants)
            expect(disk.runs.get(v.runDir ?? '')).toMatchObject({ runStatus: 'completed' });
        },
      ),
    );
  });
});

describe('sweep comparison', () => {
  it('ranks finished variants by the metric and shows the swept values', () => {
    let s = newState(3);
    const finals = [0.5, 0.9, 0.7];
    s.variants.forEach((v, i) => {
      s = markStarted(s, v.id, v.id, now);
      s = markDone(
        s,
        v.id,
        { runStatus: 'completed', final: { val_acc: finals[i] ?? 0 }, durationMs: 1000 },
        now,
      );
    });
    const t = sweepComparison(s);
    expect(t.columns.map((c) => c.key)).toEqual([
      '#',
      'run',
      'a1.activation',
      'status',
      'val_acc',
      'durationMs',
    ]);
    expect(t.rows.map((r) => [r.cells[0]?.text, r.cells[2]?.text, r.cells[4]?.best])).toEqual([
      ['1', 'tanh', true],
      ['2', 'relu', false],
      ['3', 'sigmoid', false],
    ]);
  });

  it('lists variants that have not run yet as pending, unranked', () => {
    const t = sweepComparison(newState(2));
    expect(t.rows.map((r) => [r.cells[0]?.text, r.cells[3]?.text])).toEqual([
      ['—', 'pending'],
      ['—', 'pending'],
    ]);
  });
});

describe('best variant', () => {
  it('picks the finished variant with the best metric, lower for losses', () => {
    let s = newState(3);
    const finals = [
      { val_acc: 0.5, val_loss: 0.2 },
      { val_acc: 0.9, val_loss: 0.4 },
      { val_acc: 0.7, val_loss: 0.3 },
    ];
    s.variants.forEach((v, i) => {
      s = markStarted(s, v.id, v.id, now);
      s = markDone(s, v.id, { runStatus: 'completed', final: finals[i] ?? {} }, now);
    });
    expect(bestVariant(s)?.id).toBe('v02');
    expect(bestVariant(s, 'val_loss')?.id).toBe('v01');
  });

  it('is undefined before any variant has finished', () => {
    expect(bestVariant(newState(2))).toBeUndefined();
  });
});
