import type { GraphNode } from '../document/types';

/** A tensor shape; index 0 is the batch dimension and is always `null`. */
export type Shape = (number | null)[];

export type Severity = 'error' | 'warning' | 'info';

/** A one-click fix the editor can offer for a diagnostic. Pure data; the editor maps it to commands. */
export type QuickFix =
  | { kind: 'insertNode'; label: string; edgeId: string; nodeType: string; params?: Record<string, unknown> }
  | { kind: 'setParam'; label: string; nodeId: string; field: string; value: unknown }
  /** Delete a node that does nothing useful and wire what fed it to what it fed. */
  | { kind: 'removeNode'; label: string; nodeId: string };

export interface Diagnostic {
  /** The node the problem is on; `null` for whole-graph problems (e.g. "no Loss node"). */
  nodeId: string | null;
  /** The param (or `inputs`) at fault, when one is. */
  field?: string;
  severity: Severity;
  /** A sentence a user understands, naming the node. */
  message: string;
  fix?: QuickFix;
}

export interface NodeAnalysis {
  /** Output shape with null batch; `null` when it cannot be inferred (upstream error). */
  outputShape: Shape | null;
  /** Trainable + non-trainable parameters, as Keras counts them. */
  params: number;
  /**
   * The non-trainable part of `params`: BatchNormalization's moving mean and variance, and every
   * parameter of a frozen layer (`trainable: false`).
   */
  nonTrainableParams?: number;
}

export interface GraphAnalysis {
  valid: boolean;
  nodes: Record<string, NodeAnalysis>;
  diagnostics: Diagnostic[];
  totalParams: number;
  /** The part of `totalParams` training leaves alone (frozen layers, moving statistics), as tfjs counts it. */
  nonTrainableParams: number;
  /** Node ids of the model path in topological order (Input … last layer before Loss). */
  modelOrder: string[];
  /** Which node is the Dataset, Input, output, Loss, Optimizer. */
  roles?: GraphRoles;
  /** What the dataset gives, when known (built-in, or from AnalysisContext.datasetInfo). */
  dataset?: DatasetInfo | null;
}

/** What a dataset gives the model, as analysis needs it: one sample's shape and the labels. */
export interface DatasetInfo {
  /** Shape of one sample, no batch dimension: [28, 28, 1], [4], [2]. */
  featureShape: number[];
  /** Number of classes for classification; 1 for regression. */
  numClasses: number;
  task: 'classification' | 'regression';
  classNames?: string[];
}

export interface AnalysisContext {
  /**
   * Facts about a csv/images Dataset node once its file has been read (host or renderer cache).
   * Built-in sources are known without it. Return null when not known (yet).
   */
  datasetInfo?: (node: GraphNode) => DatasetInfo | null;
  /** A model with more parameters than this is refused (default DEFAULT_MAX_PARAMS). */
  maxParams?: number;
  /** One batch's activations and gradients above this many bytes are refused (default DEFAULT_MAX_ACTIVATION_BYTES). */
  maxActivationBytes?: number;
}

export const DEFAULT_MAX_PARAMS = 50_000_000;

/** Which node plays which part; null where the graph lacks it (a diagnostic says so). */
export interface GraphRoles {
  datasetId: string | null;
  inputId: string | null;
  /** The node feeding the Loss: the model's output. */
  outputId: string | null;
  lossId: string | null;
  optimizerId: string | null;
  /** Dataset, then data nodes in order, up to (not including) the Input. */
  dataChain: string[];
}
