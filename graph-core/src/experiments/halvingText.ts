/** How successive halving is told to people: the CLI's schedule line and the app's summary and rung cells. */
import { halvingCost, halvingSchedule, rungOf, stateSchedule, type HalvingSpec } from './halving';
import type { SweepState, VariantRecord } from './sweepState';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The schedule in one line, as `layerloom sweep --halving` prints it when the sweep starts:
 * `Successive halving (eta 3): 9×1, 3×3, 1×9 epochs (variants × epochs per rung): at most 27 epochs,
 * where a grid at 9 trains 81.` With repeats the counts are runs, and the line says so.
 */
export function halvingLine(variants: number, h: HalvingSpec, repeats = 1): string {
  const rungs = halvingSchedule(variants, h, repeats);
  const cost = halvingCost(variants, h, repeats);
  const unit =
    repeats > 1 ? `runs × epochs per rung, ${repeats} seeds per variant` : 'variants × epochs per rung';
  return (
    `Successive halving (eta ${h.eta ?? 3}): ${rungs.map((r) => `${r.variants}×${r.epochs}`).join(', ')} epochs` +
    ` (${unit}): at most ${cost.halving} epochs, where a grid at ${rungs.at(-1)?.epochs} trains ${cost.grid}.`
  );
}

/**
 * What halving does to this sweep, for the app's sweep options: what it trains and what it saves,
 * `9 variants: at most 27 epochs instead of 81 (a grid at 9 epochs)` and the rungs.
 */
export function halvingSummary(
  variants: number,
  h: HalvingSpec,
  repeats = 1,
): { cost: string; rungs: string } {
  const rungs = halvingSchedule(variants, h, repeats);
  const { halving, grid } = halvingCost(variants, h, repeats);
  const final = rungs.at(-1)?.epochs ?? h.minEpochs;
  const what = repeats > 1 ? plural(variants, 'run') : plural(variants, 'variant');
  return {
    cost: `${what}: at most ${plural(halving, 'epoch')} instead of ${grid} (a grid at ${plural(final, 'epoch')})`,
    rungs: rungs.map((r) => `rung ${r.rung}: ${r.variants}×${plural(r.epochs, 'epoch')}`).join(' · '),
  };
}

/**
 * A variant's place in the schedule, for a list row: `rung 1 (3 epochs)`, `rung 2 (9 epochs, final)`,
 * `rung 2 (9 epochs, final), continued from rung 0` for one continued by hand; null without halving.
 */
export function rungText(state: SweepState, v: Pick<VariantRecord, 'rung' | 'earlierRungs'>): string | null {
  const s = stateSchedule(state);
  if (s.length === 0) return null;
  const r = Math.min(rungOf(v), s.length - 1);
  const from = v.earlierRungs?.at(-1)?.rung;
  const continued = from !== undefined && from < r - 1 ? `, continued from rung ${from}` : '';
  return `rung ${r} (${plural(s[r]?.epochs ?? 0, 'epoch')}${r === s.length - 1 ? ', final' : ''})${continued}`;
}
