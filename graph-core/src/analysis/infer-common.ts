import type { GraphEdge, GraphNode, JsonValue } from '../document/types';
import type { QuickFix, Severity, Shape } from './types';
import { perAxis } from '../catalogue/values';

export interface Issue {
  severity: Severity;
  field?: string;
  message: string;
  fix?: QuickFix;
}

/** One node's inference input. Params are resolved and already checked against the catalogue. */
export interface LayerInput {
  node: GraphNode;
  name: string;
  params: Record<string, JsonValue>;
  /** Input shapes in port order, all known. */
  inputs: Shape[];
  /** The incoming edges, same order as `inputs` (quick fixes insert nodes on them). */
  edges: GraphEdge[];
}

export interface Inferred {
  /** null when the node cannot produce an output (an error issue says why). */
  shape: Shape | null;
  params: number;
  nonTrainable?: number;
  issues: Issue[];
}

export const ok = (dims: readonly number[], params = 0, issues: Issue[] = []): Inferred => ({
  shape: [null, ...dims],
  params,
  issues,
});

export const fail = (message: string, field = 'inputs', fix?: QuickFix): Inferred => ({
  shape: null,
  params: 0,
  issues: [{ severity: 'error', field, message, ...(fix ? { fix } : {}) }],
});

/** The shape without the batch dimension. Shapes in analysis have every other dim known. */
export function dimsOf(shape: Shape): number[] {
  return shape.slice(1) as number[];
}

export const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/** kernelSize 3 → [3, 3]: tfjs accepts one int for every axis. */
export function tuple(value: JsonValue | undefined, n: number, fallback: number[]): number[] {
  return perAxis(value, n, fallback);
}

/** Keras/tfjs convOutputLength with dilation 1: 'same' keeps ceil(L / s), 'valid' gives ceil((L - k + 1) / s). */
export function convLength(length: number, kernel: number, stride: number, padding: string): number {
  const full = padding === 'valid' ? length - kernel + 1 : length;
  return full <= 0 ? full : Math.floor((full + stride - 1) / stride);
}

/** Normalises a possibly negative axis for a shape of `rank` dims (batch included); null if out of range. */
export function normAxis(axis: number, rank: number): number | null {
  const a = axis < 0 ? rank + axis : axis;
  return a >= 1 && a < rank ? a : null;
}

export function insertFix(
  label: string,
  edge: GraphEdge | undefined,
  nodeType: string,
  params?: Record<string, unknown>,
): QuickFix | undefined {
  if (!edge) return undefined;
  return { kind: 'insertNode', label, edgeId: edge.id, nodeType, ...(params ? { params } : {}) };
}
