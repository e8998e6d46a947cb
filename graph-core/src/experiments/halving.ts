/**
 * Successive halving over a sweep's variants (as in Hyperband / ASHA, synchronous): rung r trains
 * the surviving variants for `minEpochs · eta^r` epochs, then keeps the top ⌈n/eta⌉ by the sweep's
 * metric and stops the rest, each with the reason. A survivor is retrained from scratch at the
 * larger budget in a fresh run folder (`v03-r1`); its earlier rungs' runs stay on disk, listed in
 * `earlierRungs`. Pure functions of the state: the runner persists every step.
 */
import type { GraphDocument } from '../document/types';
import { metricDirection } from './compare';
import type { SweepState, VariantRecord } from './sweepState';
import { DEFAULT_SWEEP_METRIC } from './sweepTable';

export interface HalvingSpec {
  /** The factor survivors shrink by and budgets grow by at each rung (default 3). */
  eta?: number;
  /** Epochs of rung 0. */
  minEpochs: number;
}

export interface Rung {
  rung: number;
  epochs: number;
  /** How many variants train at this rung when none fails. */
  variants: number;
}

/** Rungs until one variant is left: 9 variants, eta 3, 1 epoch → 9×1, 3×3, 1×9 epochs. */
export function halvingSchedule(variants: number, h: HalvingSpec): Rung[] {
  const eta = h.eta ?? 3;
  const rungs: Rung[] = [];
  let n = Math.max(1, variants);
  let epochs = h.minEpochs;
  for (let r = 0; ; r++) {
    rungs.push({ rung: r, epochs, variants: n });
    if (n <= 1) return rungs;
    n = Math.ceil(n / eta);
    epochs *= eta;
  }
}

/** Epochs the whole schedule trains at most, beside a full grid at the final budget. */
export function halvingCost(variants: number, h: HalvingSpec): { halving: number; grid: number } {
  const s = halvingSchedule(variants, h);
  return {
    halving: s.reduce((t, r) => t + r.variants * r.epochs, 0),
    grid: variants * (s.at(-1)?.epochs ?? h.minEpochs),
  };
}

export const rungOf = (v: Pick<VariantRecord, 'rung'>): number => v.rung ?? 0;

/** The epochs a variant trains at its rung (the final budget for a variant continued by hand). */
export function variantEpochs(state: SweepState, v: VariantRecord): number | undefined {
  const h = state.spec.halving;
  if (!h) return undefined;
  const s = halvingSchedule(state.variants.length, h);
  return (s[Math.min(rungOf(v), s.length - 1)] as Rung).epochs;
}

/** The variant's graph trained for `epochs`: every Optimizer node's epochs set. Throws when it has none. */
export function withEpochs(doc: GraphDocument, epochs: number): GraphDocument {
  if (!doc.nodes.some((n) => n.type === 'Optimizer'))
    throw new Error('successive halving sets the epochs of the Optimizer node, and this graph has none');
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (n.type === 'Optimizer' ? { ...n, params: { ...n.params, epochs } } : n)),
  };
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(3).replace(/\.?0+$/, ''));
const metricName = (m: string) =>
  m === 'val_acc' ? 'val accuracy' : m === 'val_loss' ? 'val loss' : m.replace(/_/g, ' ');
const epochText = (e: number) => `${e} epoch${e === 1 ? '' : 's'}`;

/**
 * Decides the lowest rung whose variants have all finished, when one is ready: the top ⌈n/eta⌉ by
 * the metric go on to the next rung (pending), the rest are stopped with `stoppedAt`. Returns
 * undefined when nothing is ready to decide (variants still to train, or the schedule is over).
 */
export function promoteRung(state: SweepState): SweepState | undefined {
  const h = state.spec.halving;
  if (!h) return undefined;
  const schedule = halvingSchedule(state.variants.length, h);
  const last = schedule.length - 1;
  const eta = h.eta ?? 3;
  const metric = state.spec.metric ?? DEFAULT_SWEEP_METRIC;
  const dir = metricDirection(metric) ?? 'max';
  for (let r = 0; r < last; r++) {
    const open = state.variants.filter((v) => rungOf(v) === r && !v.stoppedAt);
    if (open.length === 0) continue;
    if (open.some((v) => v.status === 'pending' || v.status === 'running')) return undefined;
    const epochs = (schedule[r] as Rung).epochs;
    const value = (v: VariantRecord) => {
      const x = v.status === 'done' ? v.final?.[metric] : undefined;
      return typeof x === 'number' && Number.isFinite(x) ? x : null;
    };
    const ranked = open
      .map((v, i) => ({ v, i, x: value(v) }))
      .sort((a, b) => {
        if (a.x === null || b.x === null) return a.x === null ? (b.x === null ? a.i - b.i : 1) : -1;
        return (dir === 'max' ? b.x - a.x : a.x - b.x) || a.i - b.i;
      });
    const keep = Math.ceil(open.length / eta);
    const next = new Map<string, VariantRecord>();
    ranked.forEach(({ v, x }, k) => {
      const where = `at rung ${r} (${epochText(epochs)}); kept the top ${keep}`;
      if (k < keep && x !== null) {
        next.set(v.id, promote(v, r, epochs, r + 1));
      } else {
        const reason =
          x === null
            ? `no ${metricName(metric)} (run ${v.runStatus ?? v.status}) ${where}`
            : `${metricName(metric)} ${fmt(x)} ranked ${k + 1} of ${open.length} ${where}`;
        next.set(v.id, { ...v, stoppedAt: { rung: r, epochs, reason } });
      }
    });
    return { ...state, variants: state.variants.map((v) => next.get(v.id) ?? v) };
  }
  return undefined;
}

/** A finished variant queued again at `toRung`, its finished run kept in `earlierRungs`. */
function promote(v: VariantRecord, rung: number, epochs: number, toRung: number): VariantRecord {
  const {
    runDir,
    startedAt: _s,
    finishedAt: _f,
    runStatus: _r,
    final,
    durationMs: _d,
    error: _e,
    ...rest
  } = v;
  const earlier = { rung, epochs, ...(runDir ? { runDir } : {}), ...(final ? { final } : {}) };
  return {
    ...rest,
    status: 'pending',
    rung: toRung,
    earlierRungs: [...(v.earlierRungs ?? []), earlier],
  };
}

/**
 * Resumes a stopped variant by hand: it is queued at the final rung, to train at the final budget.
 * Returns an error message naming the variant when it cannot be continued.
 */
export function continueVariant(
  state: SweepState,
  id: string,
): { ok: true; state: SweepState } | { ok: false; error: string } {
  const h = state.spec.halving;
  if (!h)
    return { ok: false, error: `sweep "${state.name}" does not use successive halving; nothing was stopped` };
  const v = state.variants.find((x) => x.id === id);
  if (!v) return { ok: false, error: `sweep "${state.name}" has no variant ${id}` };
  if (!v.stoppedAt) return { ok: false, error: `variant ${id} was not stopped by successive halving` };
  const schedule = halvingSchedule(state.variants.length, h);
  const { stoppedAt, ...rest } = v;
  const moved = promote(rest, stoppedAt.rung, stoppedAt.epochs, schedule.length - 1);
  return { ok: true, state: { ...state, variants: state.variants.map((x) => (x.id === id ? moved : x)) } };
}

/** Every variant starts at rung 0, written down so sweep.json says each variant's rung. */
export function withRungs(state: SweepState): SweepState {
  if (!state.spec.halving || state.variants.every((v) => v.rung !== undefined)) return state;
  return { ...state, variants: state.variants.map((v) => ({ ...v, rung: rungOf(v) })) };
}

/** Mistakes in a spec's `halving`, each a sentence naming the field. */
export function checkHalving(
  doc: GraphDocument,
  spec: { halving?: HalvingSpec; params: { nodeId: string; field: string }[]; repeats?: number },
): { param: string | null; message: string }[] {
  const h = spec.halving;
  if (!h) return [];
  const issues: { param: string | null; message: string }[] = [];
  const eta = h.eta ?? 3;
  if (!Number.isInteger(eta) || eta < 2)
    issues.push({ param: null, message: `halving.eta must be a whole number from 2 up, found ${eta}.` });
  if (!Number.isInteger(h.minEpochs) || h.minEpochs < 1)
    issues.push({
      param: null,
      message: `halving.minEpochs must be a whole number from 1 up, found ${h.minEpochs}.`,
    });
  if (!doc.nodes.some((n) => n.type === 'Optimizer'))
    issues.push({
      param: null,
      message: 'Successive halving sets the epochs of an Optimizer node; the graph has none.',
    });
  for (const p of spec.params) {
    const node = doc.nodes.find((n) => n.id === p.nodeId);
    if (node?.type === 'Optimizer' && (p.field === 'epochs' || p.field === '*'))
      issues.push({
        param: `${p.nodeId}.${p.field}`,
        message: `Sweep param ${p.nodeId}.${p.field}: successive halving sets the epochs itself; do not sweep them.`,
      });
  }
  if ((spec.repeats ?? 1) > 1)
    issues.push({
      param: null,
      message: 'Successive halving ranks single runs: use it with repeats 1 (seeds per variant come later).',
    });
  return issues;
}

/** How a list or table states a variant halving stopped: `stopped at rung 0 (1 epoch)`; null otherwise. */
export function stoppedStatus(v: Pick<VariantRecord, 'stoppedAt'>): string | null {
  return v.stoppedAt ? `stopped at rung ${v.stoppedAt.rung} (${epochText(v.stoppedAt.epochs)})` : null;
}
