import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../graph-core/src/train';
import { initialTrainingState, isActive, reduce } from './state';

const summary = {
  status: 'completed',
  final: { loss: 0.1, acc: 0.9, val_loss: 0.2, val_acc: 0.88 },
} as RunSummary;

describe('training state', () => {
  it('grows the batch series in place and estimates the time left from the recent speed', () => {
    let s = reduce(initialTrainingState(), {
      type: 'run',
      runId: 'r',
      epochsPlanned: 2,
      batchesPerEpoch: 10,
      trainCount: 640,
    });
    const series = s.batches;
    s = reduce(s, {
      type: 'batches',
      points: [
        { epoch: 1, batch: 4, batchesPerEpoch: 10, step: 4, loss: 1, acc: 0.5, lr: 0.01, samplesPerSec: 64 },
      ],
    });
    expect(s.batches).toBe(series);
    expect(s.batches.step).toEqual([5]);
    // 15 batches of 64 samples left at 64 samples/s.
    expect(s.etaMs).toBeCloseTo(15_000);
  });

  it('does not look active again when evaluation starts after the run is done', () => {
    let s = reduce(initialTrainingState(), { type: 'phase', phase: 'training' });
    expect(isActive(s.phase)).toBe(true);
    s = reduce(s, { type: 'done', runId: 'r', summary, contextLost: false, checkpointEpoch: 1 });
    s = reduce(s, { type: 'phase', phase: 'evaluating' });
    expect(s.phase).toBe('done');
    expect(isActive(s.phase)).toBe(false);
  });

  it('keeps the node named by an error', () => {
    const s = reduce(initialTrainingState(), {
      type: 'error',
      message: 'bad',
      nodeId: 'd1',
      field: 'units',
      runId: null,
    });
    expect(s.phase).toBe('error');
    expect(s.error).toEqual({ message: 'bad', nodeId: 'd1', field: 'units' });
  });

  it('ignores an evaluation of another run', () => {
    const s = reduce(initialTrainingState(), {
      type: 'run',
      runId: 'a',
      epochsPlanned: 1,
      batchesPerEpoch: 1,
      trainCount: 1,
    });
    const report = { split: 'validation' } as never;
    expect(reduce(s, { type: 'evaluation', runId: 'b', report }).evaluation).toBeNull();
  });
});
