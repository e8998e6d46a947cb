import type { GraphNode, NodeType } from '../document/types';

/** The part a node kind plays in the pipeline Dataset → data nodes → Input → layers → Loss → Optimizer. */
export type Role = 'dataset' | 'data' | 'input' | 'layer' | 'loss' | 'optimizer';

export function roleOf(type: NodeType): Role {
  switch (type) {
    case 'Dataset':
      return 'dataset';
    case 'Normalize':
    case 'Augment':
    case 'Subset':
    case 'Resize':
      return 'data';
    case 'Input':
      return 'input';
    case 'Loss':
      return 'loss';
    case 'Optimizer':
      return 'optimizer';
    default:
      return 'layer';
  }
}

const ACCEPTS: Record<Role, readonly Role[]> = {
  dataset: [],
  data: ['dataset', 'data'],
  input: ['dataset', 'data'],
  layer: ['input', 'layer'],
  loss: ['layer'],
  optimizer: ['loss'],
};

const WANTS: Record<Role, string> = {
  dataset: 'nothing: a Dataset is where data starts',
  data: 'data from a Dataset or another data node',
  input: 'data from a Dataset or a data node',
  layer: 'the output of the Input or of another layer',
  loss: "the model's output (a layer)",
  optimizer: 'a Loss',
};

/** Why a wire from `source` into `target` makes no sense, or null when the kinds fit. */
export function edgeKindProblem(
  source: GraphNode,
  target: GraphNode,
  names: (n: GraphNode) => string,
): string | null {
  const from = roleOf(source.type);
  const to = roleOf(target.type);
  if (from === 'optimizer') return `${names(source)} has no output to connect`;
  if (ACCEPTS[to].includes(from)) return null;
  return `${names(target)} cannot take input from ${names(source)}: it takes ${WANTS[to]}`;
}
