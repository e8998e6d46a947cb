/**
 * Derives React Flow's controlled nodes and edges from the document, the analysis and UI state.
 * Node objects are reused while nothing they show changed, so React Flow skips unchanged nodes
 * (this keeps a 500-node graph responsive). Node data is plain JSON: no callbacks.
 */
import type { Edge, Node } from '@xyflow/react';
import type { GraphAnalysis, Severity } from '../../../graph-core/src/analysis';
import type { GraphNode } from '../../../graph-core/src/document';
import type { EditorState } from '../store/editorStore';
import { formatShape } from '../store/format';
import { specOf } from '../core/catalogue';

export interface LayerNodeData extends Record<string, unknown> {
  node: GraphNode;
  outputShape: string | null;
  paramCount: number | null;
  problems: { severity: Severity; message: string }[];
  /** Ordered input ports (`in0`, `in1`, …) of multi-input nodes: those in use plus one free; else empty. */
  ports: string[];
}

export type LayerFlowNode = Node<LayerNodeData, 'layer'>;

interface CacheEntry {
  key: string;
  graphNode: GraphNode;
  flow: LayerFlowNode;
}

const DEFAULT_POSITION = { x: 0, y: 0 };

export function problemsByNode(analysis: GraphAnalysis): Map<string, LayerNodeData['problems']> {
  const map = new Map<string, LayerNodeData['problems']>();
  for (const d of analysis.diagnostics) {
    if (d.nodeId === null) continue;
    const list = map.get(d.nodeId) ?? [];
    list.push({ severity: d.severity, message: d.message });
    map.set(d.nodeId, list);
  }
  return map;
}

export function createFlowModel() {
  let cache = new Map<string, CacheEntry>();

  function nodes(state: EditorState): LayerFlowNode[] {
    const problems = problemsByNode(state.analysis);
    const handles = usedHandles(flowEdges(state));
    const next = new Map<string, CacheEntry>();
    const out: LayerFlowNode[] = [];
    for (const node of state.doc.nodes) {
      const info = state.analysis.nodes[node.id];
      const shape = info ? (info.outputShape ? formatShape(info.outputShape) : null) : null;
      const nodeProblems = problems.get(node.id) ?? [];
      const measured = state.measured.get(node.id);
      const position = node.position ?? DEFAULT_POSITION;
      const selected = state.selection.nodes.has(node.id);
      const ports = orderedPorts(node, handles.get(node.id));
      const key = [
        ports.join(','),
        shape,
        info?.params ?? '',
        JSON.stringify(nodeProblems),
        selected,
        measured?.width,
        measured?.height,
        position.x,
        position.y,
      ].join('|');
      const cached = cache.get(node.id);
      let entry: CacheEntry;
      if (cached && cached.key === key && cached.graphNode === node) {
        entry = cached;
      } else {
        const flow: LayerFlowNode = {
          id: node.id,
          type: 'layer',
          position,
          selected,
          data: {
            node,
            outputShape: shape,
            paramCount: info ? info.params : null,
            problems: nodeProblems,
            ports,
          },
        };
        if (measured) flow.measured = measured;
        entry = { key, graphNode: node, flow };
      }
      next.set(node.id, entry);
      out.push(entry.flow);
    }
    cache = next;
    return out;
  }

  let edgeCache = new Map<string, { key: string; edge: Edge }>();

  /** Like `flowEdges`, but an unchanged wire keeps its object so React Flow skips redrawing it. */
  function edges(state: EditorState): Edge[] {
    const next = new Map<string, { key: string; edge: Edge }>();
    const out = flowEdges(state).map((edge) => {
      const key = [
        edge.source,
        edge.target,
        edge.sourceHandle,
        edge.targetHandle,
        edge.label,
        edge.selected,
        edge.type,
      ].join('|');
      const cached = edgeCache.get(edge.id);
      const entry = cached && cached.key === key ? cached : { key, edge };
      next.set(edge.id, entry);
      return entry.edge;
    });
    edgeCache = next;
    return out;
  }

  return { nodes, edges };
}

function usedHandles(edges: readonly Edge[]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!e.targetHandle) continue;
    const set = map.get(e.target) ?? new Set<string>();
    set.add(e.targetHandle);
    map.set(e.target, set);
  }
  return map;
}

/** The ports an ordered node shows: every one in use, at least `min`, and one free for the next wire. */
function orderedPorts(node: GraphNode, used: ReadonlySet<string> | undefined): string[] {
  const { ordered, min, max } = specOf(node.type).inputs;
  if (!ordered) return [];
  let highest = -1;
  for (const h of used ?? []) {
    const m = /^in(\d+)$/.exec(h);
    if (m) highest = Math.max(highest, Number(m[1]));
  }
  const count = Math.min(max, Math.max(min, highest + 2));
  return Array.from({ length: count }, (_, i) => `in${i}`);
}

/**
 * Ordered multi-input nodes take their inputs by `targetHandle`, else in edge order; edges without
 * a handle are drawn on the first free ordered port so the picture matches that order.
 */
export function flowEdges(state: EditorState): Edge[] {
  const types = new Map(state.doc.nodes.map((n) => [n.id, n.type]));
  const xs = new Map(state.doc.nodes.map((n) => [n.id, n.position?.x ?? 0]));
  const used = new Map<string, Set<string>>();
  for (const e of state.doc.edges) {
    if (e.targetHandle === undefined) continue;
    const set = used.get(e.target) ?? new Set<string>();
    set.add(e.targetHandle);
    used.set(e.target, set);
  }
  return state.doc.edges.map((e) => {
    const source = state.analysis.nodes[e.source];
    const edge: Edge = {
      id: e.id,
      source: e.source,
      target: e.target,
      selected: state.selection.edges.has(e.id),
      label: source?.outputShape ? formatShape(source.outputShape) : undefined,
    };
    // A wire into a node left of its source (a chain wrapped onto the next row) is routed in right
    // angles through the gap between rows instead of curling back across the nodes.
    if ((xs.get(e.target) ?? 0) < (xs.get(e.source) ?? 0)) edge.type = 'smoothstep';
    if (e.sourceHandle !== undefined) edge.sourceHandle = e.sourceHandle;
    const type = types.get(e.target);
    if (e.targetHandle !== undefined) edge.targetHandle = e.targetHandle;
    else if (type && specOf(type).inputs.ordered) {
      const taken = used.get(e.target) ?? new Set<string>();
      let i = 0;
      while (taken.has(`in${i}`)) i += 1;
      taken.add(`in${i}`);
      used.set(e.target, taken);
      edge.targetHandle = `in${i}`;
    }
    return edge;
  });
}
