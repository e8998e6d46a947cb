/** Per-variant curves kept beside sweep.json (run folders hold per-epoch metrics only; batches show a 1-epoch sweep's shape). */
import type { TrainingState } from '../training/state';
import type { RunCurves } from '../panels/compare/curves';

export interface VariantCurves {
  /** Training progress in epochs (batch / batches per epoch), one point per kept batch. */
  x: number[];
  loss: number[];
  acc: (number | null)[];
  /** Per-epoch records as metrics.jsonl has them (val_loss, val_acc …). */
  epochs: Record<string, number | null>[];
}

export type SweepCurves = Record<string, VariantCurves>;

/** At most `max` evenly spaced points, always keeping the last (the curve's end matters most). */
export function thin<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const step = (items.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => items[Math.round(i * step)] as T);
}

export function curvesFromTraining(state: TrainingState, maxPoints = 150): VariantCurves {
  const { step, loss, acc } = state.batches;
  const per = Math.max(1, state.batchesPerEpoch);
  const kept = thin(
    step.map((_, i) => i),
    maxPoints,
  );
  return {
    x: kept.map((i) => (step[i] as number) / per),
    loss: kept.map((i) => loss[i] as number),
    acc: kept.map((i) => acc[i] ?? null),
    epochs: state.epochs.map((e) => {
      const out: Record<string, number | null> = {};
      for (const [k, v] of Object.entries(e)) if (typeof v === 'number' || v === null) out[k] = v;
      return out;
    }),
  };
}

/** The Compare view's curve records: batch losses and accuracies by epoch fraction, validation at epoch ends. */
export function toRunCurves(id: string, label: string, c: VariantCurves | undefined): RunCurves {
  if (!c) return { id, label, metrics: [] };
  const batches = c.x.map((x, i) => ({ epoch: x, loss: c.loss[i], acc: c.acc[i] }));
  const epochs = c.epochs.map((e, i) => ({
    epoch: typeof e.epoch === 'number' ? e.epoch : i + 1,
    val_loss: e.val_loss,
    val_acc: e.val_acc,
  }));
  return { id, label, metrics: [...batches, ...epochs] };
}
