import type { BatchMetrics, EpochMetrics } from '../../../graph-core/src/train';

interface Stream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

const fmt = (v: number | null, digits = 4) => (v === null ? '–' : v.toFixed(digits));
const rate = (v: number) => `${Math.round(v).toLocaleString('en-US')} samples/s`;

/**
 * One progress bar per epoch. On a terminal the bar redraws in place (at most ~10 times a second);
 * elsewhere (logs, CI) only the finished epoch lines are printed.
 */
export function createProgress(stream: Stream, epochs: number, now: () => number = Date.now) {
  let lastDraw = Number.NEGATIVE_INFINITY;
  const width = 24;
  const label = (epoch: number) => `Epoch ${String(epoch).padStart(String(epochs).length)}/${epochs}`;
  return {
    batch(m: BatchMetrics) {
      if (!stream.isTTY) return;
      const t = now();
      const done = m.batch + 1;
      if (done < m.batchesPerEpoch && t - lastDraw < 100) return;
      lastDraw = t;
      const filled = Math.round((done / m.batchesPerEpoch) * width);
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      const acc = m.acc === null ? '' : `  acc ${fmt(m.acc)}`;
      stream.write(
        `\r${label(m.epoch)} ${bar} ${done}/${m.batchesPerEpoch}  loss ${fmt(m.loss)}${acc}  ${rate(m.samplesPerSec)}\x1b[K`,
      );
    },
    epoch(m: EpochMetrics) {
      const bar = '█'.repeat(width);
      const parts = [`loss ${fmt(m.loss)}`];
      if (m.acc !== null) parts.push(`acc ${fmt(m.acc)}`);
      if (m.val_loss !== null) parts.push(`val_loss ${fmt(m.val_loss)}`);
      if (m.val_acc !== null) parts.push(`val_acc ${fmt(m.val_acc)}`);
      parts.push(rate(m.samplesPerSec), `${(m.durationMs / 1000).toFixed(1)}s`);
      stream.write(
        `${stream.isTTY ? '\r' : ''}${label(m.epoch)} ${bar}  ${parts.join('  ')}${stream.isTTY ? '\x1b[K' : ''}\n`,
      );
    },
    /** Ends a half-drawn bar line (after a stop) so later output starts on its own line. */
    end() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
