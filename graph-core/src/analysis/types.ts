/** A tensor shape; index 0 is the batch dimension and is always `null`. */
export type Shape = (number | null)[];

export type Severity = 'error' | 'warning' | 'info';

/** A one-click fix the editor can offer for a diagnostic. Pure data; the editor maps it to commands. */
export type QuickFix =
  | { kind: 'insertNode'; label: string; edgeId: string; nodeType: string; params?: Record<string, unknown> }
  | { kind: 'setParam'; label: string; nodeId: string; field: string; value: unknown };

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
}

export interface GraphAnalysis {
  valid: boolean;
  nodes: Record<string, NodeAnalysis>;
  diagnostics: Diagnostic[];
  totalParams: number;
  /** Node ids of the model path in topological order (Input … last layer before Loss). */
  modelOrder: string[];
}
