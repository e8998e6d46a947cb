import { resolveParams } from '../catalogue/index';
import type { GraphDocument, GraphNode } from '../document/types';
import type { GraphIndex } from './graph-index';
import { activationFloats, FLOAT_BYTES } from './memory';
import { formatCount, nodeName } from './names';
import type { Diagnostic, NodeAnalysis } from './types';

/**
 * Longest Input → output chain tfjs is asked to build. tfjs-layers walks the model graph
 * recursively when it builds a model: with Node's default stack it built a 4,000-layer Dense chain
 * and overflowed at 5,000 (graph-core/src/compile/limits.test.ts trains at the limit). Half of that leaves
 * room for the browser's and Electron's stacks and for deeper call sites.
 */
export const MAX_MODEL_DEPTH = 2_000;

/** One batch's activations and their gradients above this are refused; above half, a warning. */
export const DEFAULT_MAX_ACTIVATION_BYTES = 2 * 1024 ** 3;

const DEFAULT_BATCH = 32;

/** Layers on the longest Input → output path, counted without recursion. */
export function modelDepth(
  modelOrder: readonly string[],
  index: GraphIndex,
): { depth: number; deepest: string | null } {
  const depth = new Map<string, number>();
  let best = 0;
  let deepest: string | null = null;
  for (const id of modelOrder) {
    let d = 0;
    for (const e of index.incoming.get(id) ?? []) d = Math.max(d, depth.get(e.source) ?? 0);
    depth.set(id, d + 1);
    if (d + 1 > best) [best, deepest] = [d + 1, id];
  }
  return { depth: Math.max(0, best - 1), deepest }; // the Input itself is not a layer
}

export function depthLimit(modelOrder: readonly string[], index: GraphIndex): Diagnostic | null {
  const { depth, deepest } = modelDepth(modelOrder, index);
  if (depth <= MAX_MODEL_DEPTH) return null;
  return {
    nodeId: deepest,
    field: 'inputs',
    severity: 'error',
    message: `The model is ${formatCount(depth)} layers deep in a chain; tfjs cannot build more than ${formatCount(MAX_MODEL_DEPTH)}: shorten the chain`,
  };
}

function batchSizeOf(doc: GraphDocument, optimizerId: string | null): number {
  const opt = optimizerId ? doc.nodes.find((n) => n.id === optimizerId) : undefined;
  const b = opt ? resolveParams(opt)['batchSize'] : undefined;
  return typeof b === 'number' && b > 0 ? b : DEFAULT_BATCH;
}

function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) [v, u] = [v / 1024, u + 1];
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

/**
 * One batch's activations (forward and gradient) checked against the limit before training: a
 * refusal above it, a warning above half of it. Names the layer with the biggest output.
 */
export function activationLimit(
  doc: GraphDocument,
  modelOrder: readonly string[],
  nodes: Record<string, NodeAnalysis>,
  byId: Map<string, GraphNode>,
  optimizerId: string | null,
  limit = DEFAULT_MAX_ACTIVATION_BYTES,
): Diagnostic | null {
  const batch = batchSizeOf(doc, optimizerId);
  const bytes = 2 * activationFloats(modelOrder, nodes) * batch * FLOAT_BYTES;
  if (bytes <= limit / 2) return null;
  let biggest: string | null = null;
  let most = -1;
  for (const id of modelOrder) {
    const f = activationFloats([id], nodes);
    if (f > most) [most, biggest] = [f, id];
  }
  const node = biggest ? byId.get(biggest) : undefined;
  const params = node ? resolveParams(node) : {};
  const field = ['filters', 'units'].find((f) => typeof params[f] === 'number');
  const share = node ? `; ${nodeName(node)} alone outputs ${formatCount(most)} values per sample` : '';
  const refuse = bytes > limit;
  return {
    nodeId: node?.id ?? optimizerId,
    ...(field ? { field } : {}),
    severity: refuse ? 'error' : 'warning',
    message: `Training needs about ${formatBytes(bytes)} of activations per batch of ${batch}, ${refuse ? 'more than' : 'close to'} the limit of ${formatBytes(limit)}${share}: use fewer filters or units, pool earlier, or a smaller batch size`,
  };
}
