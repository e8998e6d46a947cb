/**
 * Editing the sweep a project defines (graph-core's `SweepDraft`, the document's extension field
 * `sweep`, saved with the project and changed through the undoable `setDocumentField` command).
 * Reading it and turning it into a SweepSpec is graph-core's, shared with `layerloom sweep`.
 */
import type { ParamSpec } from '../../../graph-core/src/catalogue';
import type { GraphDocument, JsonValue } from '../../../graph-core/src/document';
import {
  isRange,
  jsonEqual,
  paramKey,
  type SweepDraft,
  type SweepParam,
} from '../../../graph-core/src/experiments';

export {
  DEFAULT_METRIC,
  draftValue,
  EMPTY_DRAFT,
  FALLBACK_SEED,
  readDraft,
  specFromDraft,
  SWEEP_FIELD,
  type SweepDraft,
} from '../../../graph-core/src/experiments';

export const findParam = (draft: SweepDraft, nodeId: string, field: string): SweepParam | undefined =>
  draft.params.find((p) => p.nodeId === nodeId && p.field === field);

/**
 * The values a param starts with when first swept: every option of a yes/no, the current value of
 * anything else (the user then ticks options or types a list). Starting from the current value
 * keeps the variant count at one until the user widens it.
 */
export function initialValues(spec: ParamSpec, current: JsonValue | undefined): JsonValue[] {
  if (spec.kind === 'bool') return [false, true];
  const value = current ?? (spec.default as JsonValue | null);
  return value === null || value === undefined ? [] : [value];
}

/** Turns the sweep of one param on (with initial values) or off. */
export function toggleParam(
  draft: SweepDraft,
  nodeId: string,
  field: string,
  spec: ParamSpec,
  current: JsonValue | undefined,
): SweepDraft {
  if (findParam(draft, nodeId, field)) return removeParam(draft, nodeId, field);
  return { ...draft, params: [...draft.params, { nodeId, field, values: initialValues(spec, current) }] };
}

export function removeParam(draft: SweepDraft, nodeId: string, field: string): SweepDraft {
  return { ...draft, params: draft.params.filter((p) => !(p.nodeId === nodeId && p.field === field)) };
}

/** New values drop the old values' labels (a sweep file's names), which no longer line up. */
export function setValues(draft: SweepDraft, key: string, values: SweepParam['values']): SweepDraft {
  const change = ({ labels: _labels, ...p }: SweepParam): SweepParam => ({ ...p, values });
  return { ...draft, params: draft.params.map((p) => (paramKey(p) === key ? change(p) : p)) };
}

/** Ticks or unticks one listed value (enum options, yes/no), keeping the catalogue's option order. */
export function toggleValue(
  draft: SweepDraft,
  key: string,
  value: JsonValue,
  order: readonly JsonValue[],
): SweepDraft {
  const p = draft.params.find((q) => paramKey(q) === key);
  if (!p || isRange(p.values)) return draft;
  const has = p.values.some((v) => jsonEqual(v, value));
  const next = has ? p.values.filter((v) => !jsonEqual(v, value)) : [...p.values, value];
  const rank = (v: JsonValue) => {
    const i = order.findIndex((o) => jsonEqual(o, v));
    return i < 0 ? order.length : i;
  };
  return setValues(
    draft,
    key,
    [...next].sort((a, b) => rank(a) - rank(b)),
  );
}

/** Drops swept params whose node is gone (deleted on the canvas), so the sweep stays runnable. */
export function liveParams(doc: GraphDocument, draft: SweepDraft): SweepDraft {
  const ids = new Set(doc.nodes.map((n) => n.id));
  const params = draft.params.filter((p) => ids.has(p.nodeId));
  return params.length === draft.params.length ? draft : { ...draft, params };
}
