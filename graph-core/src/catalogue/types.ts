import type { JsonValue, NodeType } from '../document/types';

export type NodeCategory = 'Data' | 'Layers' | 'Activations' | 'Loss' | 'Optimizer';

/** How one param is edited, checked and defaulted. One spec per param of a node kind. */
export type ParamSpec =
  | { kind: 'int'; name: string; label: string; doc: string; default: number | null; min?: number; max?: number; optional?: boolean; unit?: string }
  | { kind: 'float'; name: string; label: string; doc: string; default: number | null; min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean; log?: boolean; optional?: boolean; unit?: string }
  | { kind: 'enum'; name: string; label: string; doc: string; default: string; options: readonly string[] }
  | { kind: 'bool'; name: string; label: string; doc: string; default: boolean }
  | { kind: 'string'; name: string; label: string; doc: string; default: string }
  /** A list of positive ints, e.g. kernelSize [3, 3], targetShape [7, 7, 16], imageSize [28, 28]. */
  | { kind: 'shape'; name: string; label: string; doc: string; default: number[] | null; length?: number; optional?: boolean }
  /** A nested object, e.g. earlyStopping { patience, monitor }. Edited as its sub-params. */
  | { kind: 'object'; name: string; label: string; doc: string; default: { [k: string]: JsonValue } | null; fields: readonly ParamSpec[]; optional?: boolean };

export interface PortSpec {
  /** Minimum number of incoming wires. */
  min: number;
  /** Maximum number of incoming wires (Infinity for Add/Concatenate…). */
  max: number;
  /** When true, inputs are ordered by `targetHandle` (`in0`, `in1`, …). */
  ordered?: boolean;
}

export interface NodeKindSpec {
  type: NodeType;
  category: NodeCategory;
  /** One line for the palette. */
  summary: string;
  params: readonly ParamSpec[];
  inputs: PortSpec;
  /** Whether other nodes may take this node's output. */
  hasOutput: boolean;
}
