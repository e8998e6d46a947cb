import type { GraphNode } from '../document/types';
import type { Shape } from './types';

/** How messages name a node: its type and its label (or id), e.g. `Dense "d1"`. */
export function nodeName(node: Pick<GraphNode, 'type' | 'id' | 'label'>): string {
  return `${node.type} "${node.label?.trim() || node.id}"`;
}

/** A shape as users read it: without the batch dimension, e.g. [28, 28, 1]. */
export function showShape(shape: Shape | readonly number[]): string {
  const dims = shape.length > 0 && shape[0] === null ? shape.slice(1) : shape;
  return `[${dims.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}

/** "a, b and c" */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export { formatCount } from '../document/format';
