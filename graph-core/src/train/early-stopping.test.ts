import { describe, expect, it } from 'vitest';
import { EarlyStopper } from './early-stopping';
import type { EpochMetrics } from './types';

const epoch = (i: number, m: Partial<EpochMetrics>): EpochMetrics => ({
  epoch: i,
  loss: 1,
  acc: 0.5,
  val_loss: 1,
  val_acc: 0.5,
  lr: 0.1,
  durationMs: 1,
  samplesPerSec: 1,
  ...m,
});

describe('EarlyStopper', () => {
  it.each([
    ['val_loss', 2, [{ val_loss: 1 }, { val_loss: 0.9 }, { val_loss: 0.95 }, { val_loss: 0.91 }], 4],
    ['val_loss', 0, [{ val_loss: 1 }, { val_loss: 1 }], 2],
    ['val_acc', 1, [{ val_acc: 0.5 }, { val_acc: 0.7 }, { val_acc: 0.6 }], 3],
    ['val_acc', 3, [{ val_acc: 0.5 }, { val_acc: 0.7 }, { val_acc: 0.6 }, { val_acc: 0.8 }], null],
    ['loss', 1, [{ loss: 2 }, { loss: 1 }, { loss: 0.5 }], null],
  ] as const)('monitoring %s with patience %i stops at epoch %s', (monitor, patience, series, stopAt) => {
    const stopper = new EarlyStopper({ monitor, patience });
    const stoppedAt = series.findIndex((m, i) => stopper.update(epoch(i + 1, m)));
    expect(stoppedAt === -1 ? null : stoppedAt + 1).toBe(stopAt);
  });

  it('falls back to the training loss when there is no validation split', () => {
    const stopper = new EarlyStopper({ monitor: 'val_loss', patience: 0 });
    expect(stopper.update(epoch(1, { val_loss: null, loss: 1 }))).toBe(false);
    expect(stopper.update(epoch(2, { val_loss: null, loss: 2 }))).toBe(true);
  });
});
