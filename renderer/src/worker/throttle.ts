import type { BatchMetrics } from '../../../graph-core/src/train';

/**
 * Collects batch metrics in the worker and hands them over at most every `intervalMs`, so the
 * main thread gets a few small messages a second however fast batches go.
 */
export class BatchThrottle {
  private buffer: BatchMetrics[] = [];
  private lastFlush = -Infinity;

  constructor(
    private readonly intervalMs: number,
    private readonly send: (points: BatchMetrics[]) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(point: BatchMetrics): void {
    this.buffer.push(point);
    const t = this.now();
    if (t - this.lastFlush >= this.intervalMs) {
      this.lastFlush = t;
      this.flush();
    }
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    const points = this.buffer;
    this.buffer = [];
    this.send(points);
  }
}
