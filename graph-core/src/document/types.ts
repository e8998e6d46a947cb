/**
 * The saved project document (file format "layerloom", see docs/FILE_FORMAT.md).
 * Pure JSON data: no callbacks, no UI state (selection, measured sizes) ever lives here.
 */

/** Any JSON value a node param may hold. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Every node kind Layerloom knows. Names are Keras/tfjs class names. */
export const NODE_TYPES = [
  // data
  'Dataset',
  'Normalize',
  'Augment',
  'Subset',
  'Resize',
  // layers
  'Input',
  'Dense',
  'Conv1D',
  'Conv2D',
  'DepthwiseConv2D',
  'SeparableConv2D',
  'Conv2DTranspose',
  'MaxPooling2D',
  'AveragePooling2D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling1D',
  'GlobalMaxPooling2D',
  'UpSampling2D',
  'ZeroPadding2D',
  'Cropping2D',
  'Flatten',
  'Reshape',
  'Permute',
  'RepeatVector',
  'Dropout',
  'BatchNormalization',
  'LayerNormalization',
  'SimpleRNN',
  'LSTM',
  'GRU',
  'Bidirectional',
  'Embedding',
  'Add',
  'Concatenate',
  'Multiply',
  'Average',
  // activations
  'Activation',
  'LeakyReLU',
  'ELU',
  'PReLU',
  'Softmax',
  // imports: a layer or op that could not be mapped (never compiles)
  'Unsupported',
  // training
  'Loss',
  'Optimizer',
] as const;

export type NodeType = (typeof NODE_TYPES)[number];

export interface Position {
  x: number;
  y: number;
}

export interface GraphNode {
  id: string;
  type: NodeType;
  /** Params use tfjs-layers' camelCase argument names; omitted params take the catalogue's defaults. */
  params: Record<string, JsonValue>;
  position?: Position;
  /** Optional user-facing label; the id is used when absent. */
  label?: string;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle?: string;
  /** For multi-input nodes: `in0`, `in1`, … gives the input order. */
  targetHandle?: string;
}

export const FORMAT_NAME = 'layerloom';
export const CURRENT_VERSION = 2;

/**
 * Version 2: weights that travel with the project (imported models). `manifest` is the sidecar's
 * manifest, relative to the project file's folder (`<name>.weights/weights.json`); `nodes` are the
 * nodes that start from those weights instead of a fresh initialisation (resetting a node removes it).
 */
export interface WeightsRef {
  manifest: string;
  nodes: string[];
}

export interface GraphDocument {
  format: typeof FORMAT_NAME;
  version: number;
  name: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Carried weights (version 2); absent when every layer starts fresh. */
  weights?: WeightsRef;
  /** Unknown top-level fields are preserved on load and save. */
  [extra: string]: unknown;
}

export function isNodeType(value: string): value is NodeType {
  return (NODE_TYPES as readonly string[]).includes(value);
}
