import type { GraphDocument, GraphEdge, GraphNode, Position } from '../document/types';
import { isNodeType } from '../document/types';
import { CommandError, cloneJson, defineCommand, forgetCarriedWeights, type DocumentDraft } from './command';
import { newEdgeId, newId } from './ids';

/** Nodes plus the wires among them: what copy puts on the clipboard and paste takes back. */
export interface Subgraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/**
 * The chosen nodes (in document order) and only the wires with both ends among them, deep-copied.
 * For the system clipboard, wrap it as a project (`serializeProject({ format, version, name, ...sub })`)
 * so that pasting goes through `parseProject`'s checks.
 */
export function extractSubgraph(
  doc: Pick<GraphDocument, 'nodes' | 'edges'>,
  nodeIds: readonly string[],
): Subgraph {
  const chosen = new Set(nodeIds);
  return {
    nodes: doc.nodes.filter((n) => chosen.has(n.id)).map((n) => cloneJson(n)),
    edges: doc.edges.filter((e) => chosen.has(e.source) && chosen.has(e.target)).map((e) => cloneJson(e)),
  };
}

export const PASTE_OFFSET: Position = { x: 40, y: 40 };

export interface PasteResult {
  /** New ids in the order of the pasted nodes, e.g. to select them. */
  nodeIds: string[];
  edgeIds: string[];
}

function insertSubgraph(draft: DocumentDraft, command: string, sub: Subgraph, offset: Position): PasteResult {
  const nodeIds = new Set(draft.nodes.map((n) => n.id));
  const edgeIds = new Set(draft.edges.map((e) => e.id));
  const renamed = new Map<string, string>();
  const result: PasteResult = { nodeIds: [], edgeIds: [] };
  for (const node of sub.nodes) {
    if (!isNodeType(node.type)) throw new CommandError(command, `unknown node type "${String(node.type)}"`);
    if (renamed.has(node.id)) throw new CommandError(command, `two pasted nodes have the id "${node.id}"`);
    const id = newId(draft, node.type, nodeIds);
    renamed.set(node.id, id);
    const copy: GraphNode = { ...cloneJson(node), id };
    if (node.position) copy.position = { x: node.position.x + offset.x, y: node.position.y + offset.y };
    draft.nodes.push(copy);
    result.nodeIds.push(id);
  }
  for (const edge of sub.edges) {
    const source = renamed.get(edge.source);
    const target = renamed.get(edge.target);
    // Wires to nodes outside the pasted set would attach the copy to the original: leave them out.
    if (source === undefined || target === undefined) continue;
    const id = newEdgeId(draft, edgeIds);
    draft.edges.push({ ...cloneJson(edge), id, source, target });
    result.edgeIds.push(id);
  }
  // A copy is a new layer: it starts fresh even if the original carries weights.
  forgetCarriedWeights(draft, new Set(result.nodeIds));
  return result;
}

export interface PasteSubgraphArgs extends Subgraph {
  /** Added to every pasted position; defaults to PASTE_OFFSET so the copy does not hide the original. */
  offset?: Position;
}

/** Adds the nodes with fresh unique ids and keeps the wires among them. */
export const pasteSubgraph = defineCommand<PasteSubgraphArgs, PasteResult>({
  name: 'pasteSubgraph',
  label: 'Paste',
  history: true,
  perform: (draft, { nodes, edges, offset }) =>
    insertSubgraph(draft, 'pasteSubgraph', { nodes, edges }, offset ?? PASTE_OFFSET),
});

/** Copies the nodes and the wires among them next to the originals. */
export const duplicateNodes = defineCommand<{ nodeIds: readonly string[]; offset?: Position }, PasteResult>({
  name: 'duplicateNodes',
  label: 'Duplicate',
  history: true,
  perform(draft, { nodeIds, offset }) {
    const known = new Set(draft.nodes.map((n) => n.id));
    const missing = nodeIds.find((id) => !known.has(id));
    if (missing !== undefined) throw new CommandError('duplicateNodes', `no node has the id "${missing}"`);
    return insertSubgraph(draft, 'duplicateNodes', extractSubgraph(draft, nodeIds), offset ?? PASTE_OFFSET);
  },
});
