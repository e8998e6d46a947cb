import type { GraphDocument, GraphEdge, GraphNode } from '../document/types';

/**
 * A valid graph of exactly `n` nodes (at least 6) for benchmarks and scale tests: Dataset (spiral) → Input →
 * alternating Dense/Activation pairs, with a residual Add every 8 layers → Dense(2, softmax) →
 * Loss → Optimizer. Positions are laid out left to right.
 */
export function makeChainGraph(n: number): GraphDocument {
  if (n < 6) throw new Error(`makeChainGraph needs at least 6 nodes, got ${n}`);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const add = (node: Omit<GraphNode, 'position'>) => {
    nodes.push({ ...node, position: { x: nodes.length * 180, y: (nodes.length % 2) * 60 } });
    return node.id;
  };
  const wire = (source: string, target: string, targetHandle?: string) =>
    edges.push({ id: `e${edges.length}`, source, target, ...(targetHandle ? { targetHandle } : {}) });

  wire(
    add({ id: 'data', type: 'Dataset', params: { source: 'spiral', samples: 200 } }),
    add({ id: 'in', type: 'Input', params: {} }),
  );
  let prev = add({ id: 'stem', type: 'Dense', params: { units: 16 } });
  wire('in', prev);
  let skip = prev;
  // One node per step so the graph has exactly n nodes (n ≥ 6): Dense, Activation, …, and every
  // fourth Activation is followed by an Add of the last skip point and the current output.
  for (let i = 0; nodes.length < n - 3; i++) {
    const step = i % 9;
    let id: string;
    if (step === 8) {
      id = add({ id: `add${i}`, type: 'Add', params: {} });
      wire(skip, id, 'in0');
      wire(prev, id, 'in1');
      skip = id;
    } else {
      id =
        step % 2 === 0
          ? add({ id: `d${i}`, type: 'Dense', params: { units: 16 } })
          : add({ id: `a${i}`, type: 'Activation', params: { activation: 'relu' } });
      wire(prev, id);
    }
    prev = id;
  }
  const head = add({ id: 'head', type: 'Dense', params: { units: 2, activation: 'softmax' } });
  wire(prev, head);
  const loss = add({ id: 'loss', type: 'Loss', params: { loss: 'categoricalCrossentropy' } });
  wire(head, loss);
  wire(loss, add({ id: 'opt', type: 'Optimizer', params: { optimizer: 'adam' } }));
  return { format: 'layerloom', version: 1, name: `Chain of ${nodes.length} nodes`, nodes, edges };
}
