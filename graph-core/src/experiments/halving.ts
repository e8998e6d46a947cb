/**
 * Successive halving over a sweep's variants (as in Hyperband / ASHA, synchronous): rung r trains
 * the surviving variants for `minEpochs · eta^r` epochs, then keeps the top ⌈n/eta⌉ by the sweep's
 * metric and stops the rest, each with the reason. A survivor is retrained from scratch at the
 * larger budget in a fresh run folder (`v03-r1`); its earlier rungs' runs stay on disk, listed in
 * `earlierRungs`. With repeats (seeds per variant), the seeds of one combination of swept values go
 * through the rungs together, ranked by their mean. Pure functions of the state: the runner persists
 * every step.
 */
import type { GraphDocument } from '../document/types';
import { metricDirection } from './compare';
import { nextPending, type SweepState, type VariantRecord } from './sweepState';
import { DEFAULT_SWEEP_METRIC } from './sweepTable';
import { sweepVariantKey } from './variantStats';

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

/**
 * Rungs until one variant is left: 9 variants, eta 3, 1 epoch → 9×1, 3×3, 1×9 epochs. With
 * `repeats` seeds per combination, combinations are what is halved and `variants` counts their runs
 * (6 runs of 3 seeds: 6×1, 3×3).
 */
export function halvingSchedule(variants: number, h: HalvingSpec, repeats = 1): Rung[] {
  const eta = h.eta ?? 3;
  const seeds = Math.max(1, Math.min(repeats, variants));
  const rungs: Rung[] = [];
  let n = Math.max(1, Math.ceil(variants / seeds));
  let epochs = h.minEpochs;
  for (let r = 0; ; r++) {
    rungs.push({ rung: r, epochs, variants: r === 0 ? Math.max(1, variants) : n * seeds });
    if (n <= 1) return rungs;
    n = Math.ceil(n / eta);
    epochs *= eta;
  }
}

/** The schedule a sweep state follows (its variants, halving and repeats); [] without halving. */
export function stateSchedule(state: SweepState): Rung[] {
  const h = state.spec.halving;
  return h ? halvingSchedule(state.variants.length, h, state.spec.repeats ?? 1) : [];
}

/** Epochs the whole schedule trains at most, beside a full grid at the final budget. */
export function halvingCost(
  variants: number,
  h: HalvingSpec,
  repeats = 1,
): { halving: number; grid: number } {
  const s = halvingSchedule(variants, h, repeats);
  return {
    halving: s.reduce((t, r) => t + r.variants * r.epochs, 0),
    grid: variants * (s.at(-1)?.epochs ?? h.minEpochs),
  };
}

export const rungOf = (v: Pick<VariantRecord, 'rung'>): number => v.rung ?? 0;

/** The epochs a variant trains at its rung (the final budget for a variant continued by hand). */
export function variantEpochs(state: SweepState, v: VariantRecord): number | undefined {
  const s = stateSchedule(state);
  return s.length === 0 ? undefined : (s[Math.min(rungOf(v), s.length - 1)] as Rung).epochs;
}

/**
 * Whether driveSweep has anything left to do: a pending variant, or a finished rung not yet decided
 * (a sweep stopped between the last run of a rung and its decision).
 */
export function hasWorkLeft(state: SweepState): boolean {
  return nextPending(state) !== undefined || promoteRung(state) !== undefined;
}

/** The seeds of one combination of swept values (one entry each without repeats), in run order. */
function combinations(variants: readonly VariantRecord[]): VariantRecord[][] {
  const groups = new Map<string, VariantRecord[]>();
  for (const v of variants) {
    const key = sweepVariantKey(v.assignments).key;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  return [...groups.values()];
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
  const schedule = stateSchedule(state);
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
    // A combination's value is the mean of its seeds; a seed without the metric leaves it without one.
    const mean = (seeds: VariantRecord[]) => {
      const xs = seeds.map(value);
      return xs.some((x) => x === null) ? null : (xs as number[]).reduce((t, x) => t + x, 0) / xs.length;
    };
    const ranked = combinations(open)
      .map((seeds, i) => ({ seeds, i, x: mean(seeds) }))
      .sort((a, b) => {
        if (a.x === null || b.x === null) return a.x === null ? (b.x === null ? a.i - b.i : 1) : -1;
        return (dir === 'max' ? b.x - a.x : a.x - b.x) || a.i - b.i;
      });
    const keep = Math.ceil(ranked.length / eta);
    const next = new Map<string, VariantRecord>();
    ranked.forEach(({ seeds, x }, k) => {
      const where = `at rung ${r} (${epochText(epochs)}); kept the top ${keep}`;
      const reason =
        x === null
          ? noValue(seeds, metric, where)
          : ranking(seeds.length, metric, x, k, ranked.length, where);
      for (const v of seeds)
        next.set(
          v.id,
          k < keep && x !== null
            ? promote(v, r, epochs, r + 1)
            : { ...v, stoppedAt: { rung: r, epochs, reason } },
        );
    });
    return { ...state, variants: state.variants.map((v) => next.get(v.id) ?? v) };
  }
  return undefined;
}

/** `val accuracy 0.812 ranked 2 of 9 …`, or with seeds `mean val accuracy 0.812 over 3 seeds ranked 2 of 3 …`. */
function ranking(seeds: number, metric: string, x: number, k: number, n: number, where: string): string {
  const what =
    seeds > 1
      ? `mean ${metricName(metric)} ${fmt(x)} over ${seeds} seeds`
      : `${metricName(metric)} ${fmt(x)}`;
  return `${what} ranked ${k + 1} of ${n} ${where}`;
}

/** `no val accuracy (run diverged) …`, or with seeds `no val accuracy for seed 43 (run diverged) …`. */
function noValue(seeds: VariantRecord[], metric: string, where: string): string {
  const v = seeds.find((s) => {
    const x = s.status === 'done' ? s.final?.[metric] : undefined;
    return typeof x !== 'number' || !Number.isFinite(x);
  }) as VariantRecord;
  const seed = seeds.length > 1 ? ` for seed ${v.seed}` : '';
  return `no ${metricName(metric)}${seed} (run ${v.runStatus ?? v.status}) ${where}`;
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
 * Resumes a stopped variant by hand: it is queued at the final rung, to train at the final budget,
 * with the other seeds of its combination when the sweep repeats (they were ranked, and stopped,
 * together). Returns an error message naming the variant when it cannot be continued.
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
  const last = stateSchedule(state).length - 1;
  const key = sweepVariantKey(v.assignments).key;
  const variants = state.variants.map((x) => {
    if (!x.stoppedAt || (x.id !== id && sweepVariantKey(x.assignments).key !== key)) return x;
    const { stoppedAt, ...rest } = x;
    return promote(rest, stoppedAt.rung, stoppedAt.epochs, last);
  });
  return { ok: true, state: { ...state, variants } };
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
  const issues: { param: string | null; message: string }[] = halvingProblems(h).map((message) => ({
    param: null,
    message,
  }));
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
  return issues;
}

/** What is wrong with eta and minEpochs themselves, each a sentence naming the field; [] when right. */
export function halvingProblems(h: HalvingSpec): string[] {
  const problems: string[] = [];
  const eta = h.eta ?? 3;
  if (!Number.isInteger(eta) || eta < 2)
    problems.push(`halving.eta must be a whole number from 2 up, found ${eta}.`);
  if (!Number.isInteger(h.minEpochs) || h.minEpochs < 1)
    problems.push(`halving.minEpochs must be a whole number from 1 up, found ${h.minEpochs}.`);
  return problems;
}

/** `3` or `3:2` (ETA[:MIN_EPOCHS], MIN_EPOCHS 1 when left out), as `layerloom sweep --halving` takes it; null when malformed or out of range. */
export function parseHalvingText(text: string): Required<HalvingSpec> | null {
  const m = /^(\d+)(?::(\d+))?$/.exec(text);
  if (!m) return null;
  const h = { eta: Number(m[1]), minEpochs: Number(m[2] ?? 1) };
  return halvingProblems(h).length === 0 ? h : null;
}

/**
 * The stop in one line for a variant list: `stopped at rung 0 (1 epoch): val accuracy 0.347 ranked 9
 * of 9; kept the top 3` (the reason without its repeated place); null for a variant not stopped.
 */
export function stoppedLine(v: Pick<VariantRecord, 'stoppedAt'>): string | null {
  const s = v.stoppedAt;
  if (!s) return null;
  return `${stoppedStatus(v)}: ${s.reason.replace(` at rung ${s.rung} (${epochText(s.epochs)})`, '')}`;
}

/**
 * A halving to start from for `variants` variants of a graph that trains `epochs`: eta 3, and the
 * smallest budget that makes the last rung train about those epochs (9 variants, 60 epochs: 7, 21, 63).
 */
export function defaultHalving(variants: number, epochs: number, eta = 3): Required<HalvingSpec> {
  const rungs = halvingSchedule(variants, { eta, minEpochs: 1 }).length;
  return { eta, minEpochs: Math.max(1, Math.round(epochs / eta ** (rungs - 1))) };
}

/** How a list or table states a variant halving stopped: `stopped at rung 0 (1 epoch)`; null otherwise. */
export function stoppedStatus(v: Pick<VariantRecord, 'stoppedAt'>): string | null {
  return v.stoppedAt ? `stopped at rung ${v.stoppedAt.rung} (${epochText(v.stoppedAt.epochs)})` : null;
}
