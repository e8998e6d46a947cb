import type { JsonValue, NodeType } from '../document/types';

export type NodeCategory = 'Data' | 'Layers' | 'Activations' | 'Loss' | 'Optimizer';

/**
 * Shows a param only while another param of the same node holds one of `values`
 * (e.g. `momentum` only for the momentum/rmsprop optimizers). Hidden params keep their value.
 */
export interface ParamCondition {
  param: string;
  values: readonly string[];
}

/** How one param is edited, checked and defaulted. One spec per param of a node kind. */
export type ParamSpec =
  /** `oneOf` narrows an int to a few allowed values (e.g. channels 1 or 3). */
  (
    | {
        kind: 'int';
        name: string;
        label: string;
        doc: string;
        default: number | null;
        min?: number;
        max?: number;
        optional?: boolean;
        unit?: string;
        oneOf?: readonly number[];
      }
    | {
        kind: 'float';
        name: string;
        label: string;
        doc: string;
        default: number | null;
        min?: number;
        max?: number;
        exclusiveMin?: boolean;
        exclusiveMax?: boolean;
        log?: boolean;
        optional?: boolean;
        unit?: string;
      }
    | { kind: 'enum'; name: string; label: string; doc: string; default: string; options: readonly string[] }
    | { kind: 'bool'; name: string; label: string; doc: string; default: boolean }
    | { kind: 'string'; name: string; label: string; doc: string; default: string }
    /**
     * A list of positive ints, e.g. kernelSize [3, 3], targetShape [7, 7, 16], imageSize [28, 28].
     * With `length`, a single int is also accepted and means that value on every axis (as in tfjs).
     * `allowInfer` lets one entry be -1 (Reshape infers it from the input size).
     */
    | {
        kind: 'shape';
        name: string;
        label: string;
        doc: string;
        default: number[] | null;
        length?: number;
        optional?: boolean;
        allowInfer?: boolean;
        /** Smallest allowed entry (default 1); 0 for paddings and croppings. */
        min?: number;
        /**
         * An amount per side (ZeroPadding2D, Cropping2D): besides one int or `length` ints (the same
         * on both sides of each axis), also `length` pairs [before, after] (Keras's
         * ((top, bottom), (left, right))) or the same flattened to 2·`length` ints.
         */
        perSide?: boolean;
      }
    /** A list of strings, e.g. featureColumns ["sepal length", "petal width"]. */
    | {
        kind: 'strings';
        name: string;
        label: string;
        doc: string;
        default: string[] | null;
        optional?: boolean;
      }
    /** A nested object, e.g. earlyStopping { patience, monitor }. Edited as its sub-params. */
    | {
        kind: 'object';
        name: string;
        label: string;
        doc: string;
        default: { [k: string]: JsonValue } | null;
        fields: readonly ParamSpec[];
        optional?: boolean;
      }
  ) & { showWhen?: ParamCondition };

export interface PortSpec {
  /** Minimum number of incoming wires. */
  min: number;
  /** Maximum number of incoming wires (Infinity for Add/Concatenate…). */
  max: number;
  /** When true, inputs are ordered by `targetHandle` (`in0`, `in1`, …). */
  ordered?: boolean;
}

/** Sub-groups of the Layers category, in palette order. */
export const LAYER_GROUPS = [
  'Core',
  'Convolution',
  'Pooling',
  'Reshaping',
  'Normalization',
  'Recurrent',
  'Merge',
] as const;
export type LayerGroup = (typeof LAYER_GROUPS)[number];

export interface NodeKindSpec {
  type: NodeType;
  category: NodeCategory;
  /** For the Layers category: the palette sub-group. */
  group?: LayerGroup;
  /** One line for the palette. */
  summary: string;
  params: readonly ParamSpec[];
  inputs: PortSpec;
  /** Whether other nodes may take this node's output. */
  hasOutput: boolean;
  /** Not offered in the palette (import placeholders). */
  paletteHidden?: boolean;
}
