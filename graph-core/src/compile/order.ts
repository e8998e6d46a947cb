import type { GraphDocument, GraphEdge, GraphNode } from '../document/types';
import { CompileError } from './types';

export interface ModelPath {
  input: GraphNode;
  /** The last layer: the node wired into the Loss. */
  output: GraphNode;
  loss: GraphNode;
  optimizer: GraphNode;
  /** Layer nodes between Input (excluded) and output (included), in a valid evaluation order. */
  layers: GraphNode[];
  /** Input node ids of each layer, in port order. */
  inputsOf: Map<string, string[]>;
}

function handleIndex(edge: GraphEdge): number {
  const m = /^in(\d+)$/.exec(edge.targetHandle ?? '');
  return m ? Number(m[1]) : Number.POSITIVE_INFINITY;
}

/** Multi-input nodes take inputs in `targetHandle` order (in0, in1, …) when given, else in edge order. */
export function orderedInputs(nodeId: string, edges: readonly GraphEdge[]): string[] {
  return sortedSources(edges.map((e, i) => ({ e, i })).filter(({ e }) => e.target === nodeId));
}

function sortedSources(incoming: { e: GraphEdge; i: number }[]): string[] {
  return incoming.sort((a, b) => handleIndex(a.e) - handleIndex(b.e) || a.i - b.i).map(({ e }) => e.source);
}

/** Every node's inputs in port order, indexed once (a long chain must not rescan every wire per node). */
function inputsByTarget(edges: readonly GraphEdge[]): Map<string, string[]> {
  const incoming = new Map<string, { e: GraphEdge; i: number }[]>();
  edges.forEach((e, i) => {
    const list = incoming.get(e.target);
    if (list) list.push({ e, i });
    else incoming.set(e.target, [{ e, i }]);
  });
  return new Map([...incoming].map(([id, list]) => [id, sortedSources(list)]));
}

function single(doc: GraphDocument, type: GraphNode['type']): GraphNode {
  const found = doc.nodes.filter((n) => n.type === type);
  if (found.length !== 1) {
    throw new CompileError(
      found.length === 0
        ? `The graph has no ${type} node.`
        : `The graph has ${found.length} ${type} nodes; it needs exactly one.`,
      null,
    );
  }
  return found[0]!;
}

export function modelPath(doc: GraphDocument): ModelPath {
  const input = single(doc, 'Input');
  const loss = single(doc, 'Loss');
  const optimizer = single(doc, 'Optimizer');
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const allInputs = inputsByTarget(doc.edges);
  const lossInputs = allInputs.get(loss.id) ?? [];
  const output = lossInputs.length === 1 ? byId.get(lossInputs[0]!) : undefined;
  if (!output)
    throw new CompileError(
      `Loss "${loss.id}" needs exactly one wire from the model's last layer.`,
      loss.id,
      'inputs',
    );

  const inputsOf = new Map<string, string[]>();
  // Walk back from the output: everything it depends on, stopping at the Input.
  const needed = new Set<string>();
  const stack = [output.id];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (needed.has(id) || id === input.id) continue;
    const node = byId.get(id);
    if (!node) throw new CompileError(`A wire refers to a missing node "${id}".`, null);
    needed.add(id);
    const ins = allInputs.get(id) ?? [];
    if (ins.length === 0)
      throw new CompileError(`${node.type} "${id}" is not connected to the Input.`, id, 'inputs');
    inputsOf.set(id, ins);
    stack.push(...ins);
  }

  const layers: GraphNode[] = [];
  const done = new Set<string>([input.id]);
  const visiting = new Set<string>();
  // Depth-first post-order with an explicit stack: a 20,000-layer chain must not exhaust the call stack.
  const work: { id: string; next: number }[] = [{ id: output.id, next: 0 }];
  visiting.add(output.id);
  while (work.length > 0) {
    const top = work[work.length - 1]!;
    const ins = inputsOf.get(top.id) ?? [];
    if (top.next < ins.length) {
      const src = ins[top.next++]!;
      if (done.has(src)) continue;
      if (visiting.has(src)) throw new CompileError(`The graph has a cycle through "${src}".`, src);
      visiting.add(src);
      work.push({ id: src, next: 0 });
      continue;
    }
    work.pop();
    visiting.delete(top.id);
    done.add(top.id);
    layers.push(byId.get(top.id)!);
  }
  return { input, output, loss, optimizer, layers, inputsOf };
}
