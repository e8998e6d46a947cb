import { describe, expect, it } from 'vitest';
import { availableMetrics, overlay, runPoints, type RunCurves } from './curves';

const a: RunCurves = {
  id: 'a',
  label: 'A',
  metrics: [
    { epoch: 1, loss: 1.0, val_acc: 0.5, durationMs: 1000 },
    { epoch: 2, loss: 0.5, val_acc: 0.7, durationMs: 1500 },
  ],
};
const b: RunCurves = {
  id: 'b',
  label: 'B',
  metrics: [
    { epoch: 1, loss: 2.0, durationMs: 500 },
    { epoch: 2, loss: null, durationMs: 500 },
    { epoch: 3, loss: 0.4, durationMs: 500 },
  ],
};

describe('overlaid curves', () => {
  it('puts runs on the union of their epochs with gaps where a run has no value', () => {
    expect(overlay([a, b], 'loss', 'epoch')).toEqual({
      x: [1, 2, 3],
      series: [
        { id: 'a', label: 'A', values: [1.0, 0.5, null] },
        { id: 'b', label: 'B', values: [2.0, null, 0.4] },
      ],
    });
  });

  it('uses seconds since the start of training on the time axis', () => {
    expect(runPoints(a, 'loss', 'time')).toEqual([
      [1, 1.0],
      [2.5, 0.5],
    ]);
    expect(overlay([a, b], 'loss', 'time').x).toEqual([0.5, 1, 1.5, 2.5]);
  });

  it('offers only the metrics some run has numbers for', () => {
    expect(availableMetrics([a, b])).toEqual(['loss', 'val_acc']);
    expect(availableMetrics([])).toEqual([]);
  });

  it('numbers records without an epoch field by their position', () => {
    expect(runPoints({ id: 'c', label: 'C', metrics: [{ loss: 3 }, { loss: 2 }] }, 'loss', 'epoch')).toEqual([
      [1, 3],
      [2, 2],
    ]);
  });
});
