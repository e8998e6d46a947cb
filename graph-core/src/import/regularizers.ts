import { CATALOGUE } from '../catalogue/index';
import type { JsonValue, NodeType } from '../document/types';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keras's `{class_name: 'L1L2' | 'L1' | 'L2', config: {l1, l2}}` as its two amounts, or null for none. */
function amounts(v: unknown): { l1: number; l2: number } | null {
  if (!isObject(v) || !isObject(v['config'])) return null;
  const c = v['config'];
  const n = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : 0);
  return { l1: n(c['l1']), l2: n(c['l2']) };
}

/**
 * A Keras layer's kernel_regularizer and bias_regularizer as the node's kernelL1/L2 and biasL1/L2,
 * for the kinds that carry them (tfjs's model.json keeps them; Layerloom's tfjs export writes them).
 */
export function kerasPenalties(type: NodeType, config: Record<string, unknown>): Record<string, JsonValue> {
  if (!CATALOGUE[type].params.some((p) => p.name === 'kernelL1')) return {};
  const out: Record<string, JsonValue> = {};
  for (const of of ['kernel', 'bias'] as const) {
    const a = amounts(config[`${of}_regularizer`]);
    if (a?.l1) out[`${of}L1`] = a.l1;
    if (a?.l2) out[`${of}L2`] = a.l2;
  }
  return out;
}
