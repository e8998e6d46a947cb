import { describe, expect, it } from 'vitest';
import type { BatchMetrics } from '../../../graph-core/src/train';
import { BatchThrottle } from './throttle';

const point = (step: number): BatchMetrics => ({
  epoch: 1,
  batch: step,
  batchesPerEpoch: 100,
  step,
  loss: 1,
  acc: 0.5,
  lr: 0.001,
  samplesPerSec: 100,
});

describe('BatchThrottle', () => {
  it('sends the first point at once and then at most one message per interval, losing none', () => {
    let t = 0;
    const sent: number[][] = [];
    const th = new BatchThrottle(
      100,
      (p) => sent.push(p.map((x) => x.step)),
      () => t,
    );
    for (let i = 0; i < 10; i++) {
      th.push(point(i));
      t += 30;
    }
    th.flush();
    expect(sent).toEqual([[0], [1, 2, 3, 4], [5, 6, 7, 8], [9]]);
  });

  it('sends nothing on flush when empty', () => {
    const sent: unknown[] = [];
    new BatchThrottle(
      100,
      (p) => sent.push(p),
      () => 0,
    ).flush();
    expect(sent).toEqual([]);
  });
});
