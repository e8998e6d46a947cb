import { describe, expect, it } from 'vitest';
import type { BatchMetrics, EpochMetrics } from '../../../graph-core/src/train';
import { createProgress } from './progress';

const batch = (b: number, of = 10): BatchMetrics => ({
  epoch: 1,
  batch: b,
  batchesPerEpoch: of,
  step: b,
  loss: 0.5,
  acc: 0.75,
  lr: 0.001,
  samplesPerSec: 1234,
});
const epoch: EpochMetrics = {
  epoch: 1,
  loss: 0.5,
  acc: 0.75,
  val_loss: 0.6,
  val_acc: 0.7,
  lr: 0.001,
  durationMs: 2500,
  samplesPerSec: 1234.4,
};

function stream(isTTY: boolean) {
  let text = '';
  return { isTTY, write: (s: string) => (text += s), text: () => text };
}

describe('progress bars', () => {
  it('redraws one line in place on a terminal, at most every 100 ms but always at the last batch', () => {
    const s = stream(true);
    let t = 0;
    const p = createProgress(s, 3, () => t);
    p.batch(batch(0));
    t = 50;
    p.batch(batch(1));
    t = 60;
    p.batch(batch(9));
    const draws = s.text().split('\r').filter(Boolean);
    expect(draws).toHaveLength(2);
    expect(draws[1]).toContain(
      'Epoch 1/3 ████████████████████████ 10/10  loss 0.5000  acc 0.7500  1,234 samples/s',
    );
  });

  it('prints only finished epochs, one line each, when not on a terminal', () => {
    const s = stream(false);
    const p = createProgress(s, 12);
    p.batch(batch(3));
    p.epoch(epoch);
    expect(s.text()).toBe(
      'Epoch  1/12 ████████████████████████  loss 0.5000  acc 0.7500  val_loss 0.6000  val_acc 0.7000  1,234 samples/s  2.5s\n',
    );
  });

  it('leaves accuracy out for regression', () => {
    const s = stream(false);
    createProgress(s, 1).epoch({ ...epoch, acc: null, val_acc: null });
    expect(s.text()).not.toContain('acc');
  });
});
