import type { EarlyStoppingConfig } from '../compile/types';
import type { EpochMetrics } from './types';

/** Keras semantics: stop once the monitored metric has not improved for `patience` epochs in a row. */
export class EarlyStopper {
  private best: number | null = null;
  private wait = 0;
  readonly monitor: EarlyStoppingConfig['monitor'];

  constructor(private readonly config: EarlyStoppingConfig) {
    this.monitor = config.monitor;
  }

  /** Returns true when training should stop after this epoch. */
  update(m: EpochMetrics): boolean {
    // Without a validation split, fall back to the training metric of the same kind.
    const fallback = this.monitor === 'val_loss' ? 'loss' : this.monitor === 'val_acc' ? 'acc' : this.monitor;
    const value = m[this.monitor] ?? m[fallback];
    if (value === null) return false;
    const higherIsBetter = this.monitor.endsWith('acc');
    const improved = this.best === null || (higherIsBetter ? value > this.best : value < this.best);
    if (improved) {
      this.best = value;
      this.wait = 0;
      return false;
    }
    this.wait++;
    return this.wait >= this.config.patience;
  }
}
