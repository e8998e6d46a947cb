/**
 * Paces the live decision boundary in the worker: one drawing at most every `intervalMs`, and never
 * more often than keeps the time spent drawing under `share` of the time training (a slow backend
 * or a big model draws less often rather than training slower). Stops asking once `draw` says the
 * data has no plane to draw (not 2-D classification).
 */
export class BoundaryPacer<T> {
  private last = -Infinity;
  private gapMs: number;
  private off = false;

  constructor(
    private readonly draw: () => Promise<T | null>,
    private readonly intervalMs = 400,
    private readonly share = 0.1,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.gapMs = intervalMs;
  }

  /** A fresh drawing when one is due, else null. */
  async maybe(): Promise<T | null> {
    if (this.off || this.now() - this.last < this.gapMs) return null;
    const start = this.now();
    const result = await this.draw();
    const end = this.now();
    if (result === null) this.off = true;
    this.last = end;
    this.gapMs = Math.max(this.intervalMs, (end - start) / this.share);
    return result;
  }
}
