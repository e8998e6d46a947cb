import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../document/types';
import { expandSweep } from './sweep';
import { driveSweep, type SweepPorts } from './sweepRunner';
import { createSweepState, type RunOutcome, type SweepState } from './sweepState';

const base: GraphDocument = {
  format: 'layerloom',
  version: 1,
  name: 'tiny',
  nodes: [
    { id: 'a1', type: 'Activation', params: { activation: 'relu' } },
    { id: 'opt', type: 'Optimizer', params: {} },
  ],
  edges: [],
};

function sweep(values: string[]): SweepState {
  const spec = { params: [{ nodeId: 'a1', field: 'activation', values }], mode: 'grid' as const, seed: 1 };
  const x = expandSweep(base, spec);
  if (!x.ok) throw new Error('valid spec');
  return createSweepState({ name: 's', base, spec, variants: x.variants, now: new Date(0) });
}

const done = (acc: number): RunOutcome => ({ runStatus: 'completed', final: { val_acc: acc } });
// graph-core compiles without DOM or Node types; the test runs in Node, which has timers.
const later = (globalThis as unknown as { setTimeout: (f: () => void, ms: number) => unknown }).setTimeout;
const sleep = (ms: number) => new Promise<void>((r) => later(r, ms));
const tick = () => sleep(1);

/** In-memory ports that keep every saved state and let the test decide when each variant ends. */
function memoryPorts(train: SweepPorts['train']) {
  const saved: SweepState[] = [];
  const abandoned: string[] = [];
  const ports: SweepPorts = {
    save: async (s) => {
      await tick();
      saved.push(s);
    },
    train,
    abandon: async (d) => {
      abandoned.push(d);
    },
  };
  return { ports, saved, abandoned };
}

describe('driveSweep', () => {
  it('trains each variant graph once, in run order, and saves the final state last', async () => {
    const seen: string[] = [];
    const { ports, saved } = memoryPorts(async ({ variant, doc, runDir }) => {
      seen.push(`${variant.id}:${String(doc.nodes[0]?.params.activation)}:${runDir}`);
      return done(0.5);
    });
    const final = await driveSweep(sweep(['sigmoid', 'tanh']), ports);
    expect(seen).toEqual(['v01:sigmoid:v01', 'v02:tanh:v02']);
    expect(final.variants.map((v) => v.status)).toEqual(['done', 'done']);
    expect(saved.at(-1)).toEqual(final);
  });

  it('keeps at most `concurrency` variants training at once and still runs each exactly once', async () => {
    let active = 0;
    let most = 0;
    const seen: string[] = [];
    const { ports, saved } = memoryPorts(async ({ variant }) => {
      active++;
      most = Math.max(most, active);
      seen.push(variant.id);
      await sleep(variant.id === 'v01' ? 30 : 5);
      active--;
      return done(0.5);
    });
    const final = await driveSweep(sweep(['sigmoid', 'tanh', 'relu', 'elu', 'selu']), ports, {
      concurrency: 2,
    });
    expect(most).toBe(2);
    expect([...seen].sort()).toEqual(['v01', 'v02', 'v03', 'v04', 'v05']);
    expect(final.variants.every((v) => v.status === 'done')).toBe(true);
    // The file never goes back: once a variant is saved done it stays done in every later save.
    for (let i = 1; i < saved.length; i++) {
      const before = (saved[i - 1] as SweepState).variants;
      (saved[i] as SweepState).variants.forEach((v, j) => {
        if (before[j]?.status === 'done') expect(v.status).toBe('done');
      });
    }
  });

  it('starts nothing new after a stop and puts a variant its trainer stopped back to pending', async () => {
    let stop = false;
    const { ports, abandoned } = memoryPorts(async ({ variant }) => {
      if (variant.id === 'v02') {
        stop = true;
        return { runStatus: 'stopped' };
      }
      return done(0.5);
    });
    const final = await driveSweep(sweep(['sigmoid', 'tanh', 'relu']), ports, { shouldStop: () => stop });
    expect(final.variants.map((v) => v.status)).toEqual(['done', 'pending', 'pending']);
    expect(final.variants[1]?.abandoned).toEqual(['v02']);
    expect(abandoned).toEqual(['v02']);
    stop = false;
    const seen: string[] = [];
    const resumed = await driveSweep(final, {
      ...ports,
      train: async ({ runDir }) => {
        seen.push(runDir);
        return done(0.6);
      },
    });
    expect(seen).toEqual(['v02-2', 'v03']);
    expect(resumed.variants.map((v) => v.status)).toEqual(['done', 'done', 'done']);
  });

  it('records a run folder the host names while training, so recovery can read that run', async () => {
    const { ports, saved } = memoryPorts(async ({ noteRunDir }) => {
      noteRunDir('20260101-000000-tiny-abc');
      await tick();
      await tick();
      return done(0.5);
    });
    const final = await driveSweep(sweep(['sigmoid']), ports);
    expect(final.variants[0]?.runDir).toBe('20260101-000000-tiny-abc');
    expect(
      saved.some((s) => s.variants[0]?.status === 'running' && s.variants[0].runDir?.startsWith('2026')),
    ).toBe(true);
  });

  it('recovers a variant a kill left running: recorded when its run finished, run again when not', async () => {
    const killed = sweep(['sigmoid', 'tanh']);
    killed.variants = killed.variants.map((v) => ({ ...v, status: 'running', runDir: v.id }));
    const seen: string[] = [];
    const { ports, abandoned } = memoryPorts(async ({ runDir }) => {
      seen.push(runDir);
      return done(0.7);
    });
    const final = await driveSweep(killed, {
      ...ports,
      // v01 finished before the kill; v02's summary still says running (written as training began).
      readOutcome: async (d) => (d === 'v01' ? done(0.9) : { runStatus: 'running' }),
    });
    expect(seen).toEqual(['v02-2']);
    expect(abandoned).toEqual(['v02']);
    expect(final.variants.map((v) => [v.status, v.final?.val_acc])).toEqual([
      ['done', 0.9],
      ['done', 0.7],
    ]);
  });

  it('records a trainer that throws as a failed variant and goes on', async () => {
    const { ports } = memoryPorts(async ({ variant }) => {
      if (variant.id === 'v01') throw new Error('Dense "d1": units must be at least 1');
      return done(0.5);
    });
    const final = await driveSweep(sweep(['sigmoid', 'tanh']), ports, { concurrency: 2 });
    expect(final.variants.map((v) => [v.status, v.error])).toEqual([
      ['failed', 'Dense "d1": units must be at least 1'],
      ['done', undefined],
    ]);
  });
});
