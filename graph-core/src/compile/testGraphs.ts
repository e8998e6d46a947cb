import type { GraphDocument, GraphEdge, GraphNode, JsonValue, NodeType } from '../document/types';

type Params = Record<string, JsonValue>;
export type LayerSpec = [NodeType, Params?] | [NodeType, Params, string];

/**
 * Test helper: Dataset → Input → layers… → Loss → Optimizer, wired in a chain.
 * Layer ids are `l0`, `l1`, … unless given as the third element.
 */
export function chainGraph(options: {
  dataset?: Params;
  inputShape?: number[];
  layers: LayerSpec[];
  loss?: string;
  optimizer?: Params;
}): GraphDocument {
  const nodes: GraphNode[] = [
    { id: 'data', type: 'Dataset', params: options.dataset ?? { source: 'iris' } },
    { id: 'in', type: 'Input', params: options.inputShape ? { shape: options.inputShape } : {} },
  ];
  options.layers.forEach(([type, params, id], i) =>
    nodes.push({ id: id ?? `l${i}`, type, params: params ?? {} }),
  );
  nodes.push({ id: 'loss', type: 'Loss', params: { loss: options.loss ?? 'categoricalCrossentropy' } });
  nodes.push({
    id: 'opt',
    type: 'Optimizer',
    params: { optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 2, ...options.optimizer },
  });
  const edges: GraphEdge[] = [];
  for (let i = 0; i + 1 < nodes.length; i++)
    edges.push({ id: `e${i}`, source: nodes[i]!.id, target: nodes[i + 1]!.id });
  return { format: 'layerloom', version: 1, name: 'test graph', nodes, edges };
}

/** Test helper: a residual block, `in → a → b` with `Add(a, b)` (or another merge) feeding the head. */
export function residualGraph(merge: NodeType, mergeParams: Params = {}): GraphDocument {
  const doc = chainGraph({ inputShape: [4], layers: [['Dense', { units: 8 }, 'a']] });
  const head = doc.nodes.filter((n) => n.type === 'Loss' || n.type === 'Optimizer');
  doc.nodes = [
    ...doc.nodes.filter((n) => n.type !== 'Loss' && n.type !== 'Optimizer'),
    { id: 'b', type: 'Dense', params: { units: 8, activation: 'relu' } },
    { id: 'm', type: merge, params: mergeParams },
    { id: 'out', type: 'Dense', params: { units: 3, activation: 'softmax' } },
    ...head,
  ];
  doc.edges = [
    { id: 'e0', source: 'data', target: 'in' },
    { id: 'e1', source: 'in', target: 'a' },
    { id: 'e2', source: 'a', target: 'b' },
    { id: 'e3', source: 'b', target: 'm', targetHandle: 'in1' },
    { id: 'e4', source: 'a', target: 'm', targetHandle: 'in0' },
    { id: 'e5', source: 'm', target: 'out' },
    { id: 'e6', source: 'out', target: 'loss' },
    { id: 'e7', source: 'loss', target: 'opt' },
  ];
  return doc;
}
