/** The renderer's view of graph-core's catalogue: lookups plus the few display helpers nodes need. */
import {
  CATALOGUE,
  CATEGORIES,
  LAYER_GROUPS,
  REGULARIZER_PARAMS,
  checkParam,
  getKindSpec,
  isFrozen,
  isParamShown,
  resolveParams,
  type NodeKindSpec,
  type ParamSpec,
} from '../../../graph-core/src/catalogue';
import { NODE_TYPES, type GraphNode, type JsonValue, type NodeType } from '../../../graph-core/src/document';

export { CATEGORIES, LAYER_GROUPS, isFrozen, isParamShown };

/** The kinds the palette offers (import placeholders are never added by hand). */
export const ALL_SPECS: readonly NodeKindSpec[] = NODE_TYPES.map((t) => CATALOGUE[t]).filter(
  (s) => !s.paletteHidden,
);

export const specOf = (type: NodeType): NodeKindSpec => getKindSpec(type);

export const paramsOf = (node: Pick<GraphNode, 'type' | 'params'>): Record<string, JsonValue> =>
  resolveParams(node);

/** Why `value` is refused for `spec`, with the user-facing label, or null when it is fine. */
export function paramProblem(spec: ParamSpec, value: JsonValue): string | null {
  const reason = checkParam(spec, value, spec.label);
  return reason === null ? null : capitalise(reason);
}

function capitalise(s: string): string {
  const t = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

const MAX_KEY_PARAMS = 3;

/** Params whose default says nothing on a card. */
const QUIET_DEFAULTS: readonly string[] = [...REGULARIZER_PARAMS, 'kernelInitializer'];

/**
 * What a node shows on the canvas: params set on the node first (what the user chose), then
 * required ones; never hidden ones or nested objects.
 */
export function keyParams(node: GraphNode): [string, string][] {
  const spec = specOf(node.type);
  const resolved = resolveParams(node);
  const shown = spec.params.filter((p) => p.kind !== 'object' && isParamShown(p, resolved));
  const chosen = shown.filter((p) => node.params[p.name] !== undefined);
  // Defaults fill the card's lines, but not penalties that are off nor the default initialiser
  // (every Dense would read "kernelL1 0" or "kernelInitializer glorotUniform").
  const rest = shown.filter(
    (p) =>
      node.params[p.name] === undefined &&
      p.kind !== 'bool' &&
      resolved[p.name] !== null &&
      !QUIET_DEFAULTS.includes(p.name),
  );
  return [...chosen, ...rest].slice(0, MAX_KEY_PARAMS).map((p) => [p.name, display(resolved[p.name])]);
}

function display(v: JsonValue | undefined): string {
  if (v === undefined || v === null) return '—';
  if (Array.isArray(v)) return v.join('×');
  if (typeof v === 'object') return '{…}';
  return String(v);
}
