/**
 * The sweep a project carries: the document's extension field `sweep`, which the app's sweep panel
 * edits and saves with the project. The app and `layerloom sweep project.layerloom` (without
 * `--set`) both run it through `specFromDraft`, so the same project sweeps the same variants.
 */
import type { GraphDocument, JsonValue } from '../document/types';
import type { HalvingSpec } from './halving';
import { baseSeed } from './sweep';
import type { SweepParam, SweepRange, SweepSpec } from './sweepSpec';

export const SWEEP_FIELD = 'sweep';
export const DEFAULT_METRIC = 'val_acc';
/** Used when the graph has no Optimizer seed. */
export const FALLBACK_SEED = 42;

export interface SweepDraft {
  params: SweepParam[];
  mode: 'grid' | 'random';
  /** Most runs for random search (repeats included); ignored by a grid. */
  budget: number;
  /** Seeds per variant: repeat r trains with the graph's seed + r. */
  repeats: number;
  metric: string;
  /**
   * Successive halving over the variants (since issue 17); absent: every variant trains in full.
   * Kept as typed, even when wrong, so checkHalving can say what is wrong with it.
   */
  halving?: HalvingSpec;
}

export const EMPTY_DRAFT: SweepDraft = {
  params: [],
  mode: 'grid',
  budget: 10,
  repeats: 1,
  metric: DEFAULT_METRIC,
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const wholeFrom = (v: unknown, min: number, fallback: number): number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min ? v : fallback;

function readParam(raw: unknown): SweepParam | null {
  if (!isObject(raw) || typeof raw.nodeId !== 'string' || typeof raw.field !== 'string') return null;
  const v = raw.values;
  const labels =
    Array.isArray(raw.labels) && raw.labels.every((l) => typeof l === 'string')
      ? { labels: raw.labels as string[] }
      : {};
  // Linked nodes take the same value (every hidden layer's activation in a deep net).
  const linked =
    Array.isArray(raw.linked) && raw.linked.length > 0 && raw.linked.every((l) => typeof l === 'string')
      ? { linked: raw.linked as string[] }
      : {};
  if (Array.isArray(v))
    return { nodeId: raw.nodeId, field: raw.field, values: v as JsonValue[], ...labels, ...linked };
  if (
    isObject(v) &&
    (v.range === 'log' || v.range === 'linear') &&
    typeof v.min === 'number' &&
    typeof v.max === 'number' &&
    typeof v.count === 'number'
  ) {
    const range: SweepRange = { range: v.range, min: v.min, max: v.max, count: v.count };
    if (v.integer === true) range.integer = true;
    return { nodeId: raw.nodeId, field: raw.field, values: range, ...linked };
  }
  return null;
}

/**
 * The document's sweep, read leniently: a hand-edited or foreign `sweep` field never breaks the
 * editor; what cannot be read is dropped, and checkSweep reports what is read but wrong.
 */
export function readDraft(doc: GraphDocument): SweepDraft {
  const raw = doc[SWEEP_FIELD];
  if (!isObject(raw)) return EMPTY_DRAFT;
  const params = Array.isArray(raw.params)
    ? raw.params.map(readParam).filter((p): p is SweepParam => p !== null)
    : [];
  const halving = readHalving(raw.halving);
  return {
    params,
    mode: raw.mode === 'random' ? 'random' : 'grid',
    budget: wholeFrom(raw.budget, 1, EMPTY_DRAFT.budget),
    repeats: wholeFrom(raw.repeats, 1, 1),
    metric: typeof raw.metric === 'string' && raw.metric !== '' ? raw.metric : DEFAULT_METRIC,
    ...(halving ? { halving } : {}),
  };
}

/** Numbers are kept as they are (checkHalving names a wrong one); anything else drops the halving. */
function readHalving(raw: unknown): HalvingSpec | undefined {
  if (!isObject(raw) || typeof raw.minEpochs !== 'number') return undefined;
  return typeof raw.eta === 'number'
    ? { eta: raw.eta, minEpochs: raw.minEpochs }
    : { minEpochs: raw.minEpochs };
}

/** What `setDocumentField` stores; undefined removes the field once nothing is swept. */
export function draftValue(draft: SweepDraft): JsonValue | undefined {
  if (draft.params.length === 0) return undefined;
  return JSON.parse(JSON.stringify(draft)) as JsonValue;
}

/** The graph-core spec to expand: the graph's own seed for every variant, so only swept params differ. */
export function specFromDraft(doc: GraphDocument, draft: SweepDraft): SweepSpec {
  return {
    params: draft.params,
    mode: draft.mode,
    ...(draft.mode === 'random' ? { budget: draft.budget } : {}),
    seed: baseSeed(doc) ?? FALLBACK_SEED,
    repeats: draft.repeats,
    metric: draft.metric,
    ...(draft.halving ? { halving: draft.halving } : {}),
  };
}

/** The sweep a project carries, or null when it sweeps nothing. */
export function projectSweep(doc: GraphDocument): SweepSpec | null {
  const draft = readDraft(doc);
  return draft.params.length === 0 ? null : specFromDraft(doc, draft);
}
