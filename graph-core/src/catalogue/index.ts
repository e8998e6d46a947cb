import type { GraphNode, JsonValue, NodeType } from '../document/types';
import { NODE_TYPES } from '../document/types';
import { Activation, ELU, LeakyReLU, PReLU, Softmax } from './activations';
import { Augment, Dataset, Normalize, Resize, Subset } from './data';
import * as L from './layers';
import { Unsupported } from './placeholder';
import { Loss, Optimizer } from './training';
import type { NodeCategory, NodeKindSpec, ParamSpec } from './types';

export * from './identifiers';
export * from './types';
export { checkParam } from './check';
export { describeParamDefault, paramFromText, paramToText, type ParsedParam } from './text';
export { perAxis, sidePairs } from './values';
export { BIDIRECTIONAL_LAYERS, MERGE_MODES } from './layers-sequence';
export { unsupportedMessage } from './placeholder';
export { LAYER_FLOPS, type FlopsInput, type FlopsKind } from './flops';
export { REGULARIZER_PARAMS, type RegularizerParam } from './common-params';

/**
 * The one answer to "which kinds are layers": every kind but data preparation, the model's Input
 * and the training configuration (analysis infers layers' shapes, compile builds them).
 */
export const NON_LAYER_KINDS = [
  'Dataset',
  'Normalize',
  'Augment',
  'Subset',
  'Resize',
  'Input',
  'Loss',
  'Optimizer',
] as const satisfies readonly NodeType[];

export type LayerKind = Exclude<NodeType, (typeof NON_LAYER_KINDS)[number]>;

export function isLayerKind(type: NodeType): type is LayerKind {
  return !(NON_LAYER_KINDS as readonly NodeType[]).includes(type);
}

/** Every node kind, keyed by type: a kind missing from (or unknown to) NODE_TYPES is a compile error. */
export const CATALOGUE: Readonly<Record<NodeType, NodeKindSpec>> = {
  Dataset: Dataset,
  Normalize: Normalize,
  Augment: Augment,
  Subset: Subset,
  Resize: Resize,
  Input: L.Input,
  Dense: L.Dense,
  Conv1D: L.Conv1D,
  Conv2D: L.Conv2D,
  DepthwiseConv2D: L.DepthwiseConv2D,
  SeparableConv2D: L.SeparableConv2D,
  Conv2DTranspose: L.Conv2DTranspose,
  MaxPooling2D: L.MaxPooling2D,
  AveragePooling2D: L.AveragePooling2D,
  GlobalAveragePooling2D: L.GlobalAveragePooling2D,
  GlobalMaxPooling1D: L.GlobalMaxPooling1D,
  GlobalMaxPooling2D: L.GlobalMaxPooling2D,
  UpSampling2D: L.UpSampling2D,
  ZeroPadding2D: L.ZeroPadding2D,
  Cropping2D: L.Cropping2D,
  Flatten: L.Flatten,
  Reshape: L.Reshape,
  Permute: L.Permute,
  RepeatVector: L.RepeatVector,
  Dropout: L.Dropout,
  BatchNormalization: L.BatchNormalization,
  LayerNormalization: L.LayerNormalization,
  SimpleRNN: L.SimpleRNN,
  LSTM: L.LSTM,
  GRU: L.GRU,
  Bidirectional: L.Bidirectional,
  Embedding: L.Embedding,
  Add: L.Add,
  Concatenate: L.Concatenate,
  Multiply: L.Multiply,
  Average: L.Average,
  Activation: Activation,
  LeakyReLU: LeakyReLU,
  ELU: ELU,
  PReLU: PReLU,
  Softmax: Softmax,
  Unsupported: Unsupported,
  Loss: Loss,
  Optimizer: Optimizer,
};

/** Palette order: categories in workflow order, kinds in NODE_TYPES order. */
export const CATEGORIES: readonly NodeCategory[] = ['Data', 'Layers', 'Activations', 'Loss', 'Optimizer'];

export function getKindSpec(type: NodeType): NodeKindSpec {
  return CATALOGUE[type];
}

export function kindsByCategory(category: NodeCategory): NodeKindSpec[] {
  return NODE_TYPES.map((t) => CATALOGUE[t]).filter((s) => s.category === category && !s.paletteHidden);
}

/**
 * Whether nodes of this kind have weights and so can be frozen (`trainable: false`). The kinds with
 * a `trainable` param are exactly those; a catalogue-wide test checks it against tfjs.
 */
export function isFreezable(type: NodeType): boolean {
  return CATALOGUE[type].params.some((p) => p.name === 'trainable');
}

/** Whether this node is frozen: a freezable kind whose `trainable` param is false. */
export function isFrozen(node: Pick<GraphNode, 'type' | 'params'>): boolean {
  return isFreezable(node.type) && node.params['trainable'] === false;
}

export function getParamSpec(type: NodeType, name: string): ParamSpec | undefined {
  return CATALOGUE[type].params.find((p) => p.name === name);
}

/** The node's params with every left-out param filled with its documented default. Unknown keys are kept. */
export function resolveParams(node: Pick<GraphNode, 'type' | 'params'>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const spec of CATALOGUE[node.type].params) {
    out[spec.name] = resolveValue(spec, node.params[spec.name]);
  }
  for (const [k, v] of Object.entries(node.params)) if (!(k in out)) out[k] = v;
  return out;
}

function resolveValue(spec: ParamSpec, value: JsonValue | undefined): JsonValue {
  if (value === undefined) {
    if (spec.kind === 'object') return spec.default === null ? null : resolveObject(spec, spec.default);
    return cloneJson(spec.default);
  }
  if (spec.kind === 'object' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return resolveObject(spec, value);
  }
  return value;
}

function resolveObject(
  spec: Extract<ParamSpec, { kind: 'object' }>,
  value: { [k: string]: JsonValue },
): { [k: string]: JsonValue } {
  const out: { [k: string]: JsonValue } = { ...value };
  for (const f of spec.fields) out[f.name] = resolveValue(f, value[f.name]);
  return out;
}

/** Defaults are shared spec data: hand out copies so callers may mutate what they get. */
function cloneJson(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(cloneJson);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cloneJson(x)]));
  return v;
}

/** Whether the inspector shows `spec` for a node whose resolved params are `params` (see `showWhen`). */
export function isParamShown(spec: ParamSpec, params: Record<string, JsonValue>): boolean {
  if (!spec.showWhen) return true;
  const v = params[spec.showWhen.param];
  return typeof v === 'string' && spec.showWhen.values.includes(v);
}
