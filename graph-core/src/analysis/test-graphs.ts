import type { GraphDocument, GraphNode, JsonValue, NodeType } from '../document/types';
import { analyzeGraph } from './analyze';
import type { Diagnostic, NodeAnalysis } from './types';

/** Test-only builders: graphs written as data, wires as "source>target" or "source>target:in1". */
export type NodeSpec = [type: NodeType, params?: Record<string, JsonValue>, label?: string];

export function graph(nodes: Record<string, NodeSpec>, wires: string[]): GraphDocument {
  return {
    format: 'layerloom',
    version: 1,
    name: 'test',
    nodes: Object.entries(nodes).map(([id, [type, params, label]]): GraphNode => ({
      id,
      type,
      params: params ?? {},
      ...(label ? { label } : {}),
    })),
    edges: wires.map((w, i) => {
      const [source = '', rest = ''] = w.split('>');
      const [target = '', targetHandle] = rest.split(':');
      return { id: `w${i}`, source, target, ...(targetHandle ? { targetHandle } : {}) };
    }),
  };
}

/** Dataset → Input → body … → Loss → Optimizer, with `body` wired in sequence after the Input. */
export function pipeline(
  source: Record<string, JsonValue>,
  body: [id: string, ...spec: NodeSpec][],
  loss: Record<string, JsonValue> = { loss: 'categoricalCrossentropy' },
): GraphDocument {
  const nodes: Record<string, NodeSpec> = { data: ['Dataset', source], in: ['Input'] };
  const wires = ['data>in'];
  let prev = 'in';
  for (const [id, ...spec] of body) {
    nodes[id] = spec;
    wires.push(`${prev}>${id}`);
    prev = id;
  }
  nodes.loss = ['Loss', loss];
  nodes.opt = ['Optimizer'];
  wires.push(`${prev}>loss`, 'loss>opt');
  return graph(nodes, wires);
}

/** Runs one layer on inputs of the given shapes (one Input per shape) and returns what analysis says of it. */
export function probe(
  type: NodeType,
  params: Record<string, JsonValue>,
  ...inputShapes: number[][]
): NodeAnalysis & { diagnostics: Diagnostic[] } {
  const nodes: Record<string, NodeSpec> = { x: [type, params] };
  const wires: string[] = [];
  inputShapes.forEach((shape, i) => {
    nodes[`in${i}`] = ['Input', { shape }];
    wires.push(inputShapes.length > 1 ? `in${i}>x:in${i}` : `in${i}>x`);
  });
  const a = analyzeGraph(graph(nodes, wires));
  return { ...(a.nodes.x as NodeAnalysis), diagnostics: a.diagnostics.filter((d) => d.nodeId === 'x') };
}
