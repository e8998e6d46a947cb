/** Editor actions built from graph-core's named commands; shared by canvas, menus, shortcuts and panels. */
import type { QuickFix } from '../../../graph-core/src/analysis';
import { extractSubgraph, PASTE_OFFSET, type Subgraph } from '../../../graph-core/src/commands';
import type { JsonValue, NodeType, Position } from '../../../graph-core/src/document';
import { isNodeType } from '../../../graph-core/src/document';
import type { EditorStore } from './editorStore';
import { DEFAULT_SIZE, freeOffset, freeSpot, groupBoxes } from '../canvas/freeSpace';
import { connectionProblem } from '../core/analysis';
import { specOf } from '../core/catalogue';

export function createActions(store: EditorStore) {
  let clip: Subgraph | null = null;
  let pasteCount = 0;

  function addNode(
    type: NodeType,
    position: Position,
    params: Record<string, JsonValue> = {},
  ): string | undefined {
    const id = store.run('addNode', {
      type,
      params,
      position: { x: Math.round(position.x), y: Math.round(position.y) },
    });
    if (id !== undefined) store.select([id]);
    return id;
  }

  function connect(
    source: string,
    target: string,
    targetHandle?: string | null,
    sourceHandle?: string | null,
  ): void {
    store.run('connect', {
      source,
      target,
      ...(targetHandle ? { targetHandle } : {}),
      ...(sourceHandle ? { sourceHandle } : {}),
    });
  }

  /** Nodes and wires go in one undo step. */
  function deleteElements(nodeIds: readonly string[], edgeIds: readonly string[]): void {
    if (nodeIds.length === 0 && edgeIds.length === 0) return;
    store.transaction('Delete', () => {
      if (edgeIds.length > 0) store.run('deleteEdges', { edgeIds });
      if (nodeIds.length > 0) store.run('deleteNodes', { nodeIds });
    });
  }

  function deleteSelection(): void {
    const { nodes, edges } = store.getState().selection;
    deleteElements([...nodes], [...edges]);
  }

  function copy(): boolean {
    const ids = [...store.getState().selection.nodes];
    if (ids.length === 0) return false;
    clip = extractSubgraph(store.getState().doc, ids);
    pasteCount = 0;
    return true;
  }

  /** Paste and duplicate land clear of every node (the copies keep their arrangement). */
  function paste(): void {
    if (!clip) return;
    pasteCount += 1;
    const { doc, measured } = store.getState();
    // A copy is as big as its original (a Dense card with three lines is wider than the default).
    const sizes = clip.nodes.map((n) => measured.get(n.id) ?? DEFAULT_SIZE);
    const group = clip.nodes.map((n, i) => ({ ...(n.position ?? { x: 0, y: 0 }), ...sizes[i]! }));
    const preferred = { x: PASTE_OFFSET.x * pasteCount, y: PASTE_OFFSET.y * pasteCount };
    const offset = freeOffset(doc, measured, group, preferred);
    const pasted = store.run('pasteSubgraph', { ...clip, offset });
    if (!pasted) return;
    // Until the canvas measures the copies, the next paste places itself around these sizes.
    store.setMeasured(pasted.nodeIds.map((id, i) => [id, sizes[i] ?? DEFAULT_SIZE] as const));
    store.select(pasted.nodeIds, pasted.edgeIds);
  }

  function duplicate(): void {
    const ids = [...store.getState().selection.nodes];
    if (ids.length === 0) return;
    const { doc, measured } = store.getState();
    const offset = freeOffset(doc, measured, groupBoxes(doc, measured, ids), PASTE_OFFSET);
    const pasted = store.run('duplicateNodes', { nodeIds: ids, offset });
    if (pasted) store.select(pasted.nodeIds, pasted.edgeIds);
  }

  /**
   * Palette Enter/click: with one node selected, the new node goes to its right and is wired after
   * it when the kinds fit (one undo step); else near `fallback`. Always in free space.
   */
  function addNext(type: NodeType, fallback: Position): string | undefined {
    const { doc, measured, selection } = store.getState();
    const only = selection.nodes.size === 1 ? [...selection.nodes][0] : undefined;
    const after = only ? doc.nodes.find((n) => n.id === only) : undefined;
    const from = after?.position;
    const width = (after && measured.get(after.id)?.width) ?? DEFAULT_SIZE.width;
    const want = from ? { x: from.x + width + 60, y: from.y } : fallback;
    return store.transaction(`Add ${type}`, () => {
      const id = addNode(type, freeSpot(doc, measured, want));
      if (!id || !after) return id;
      const targetHandle = specOf(type).inputs.ordered ? 'in0' : null;
      const wire = { source: after.id, target: id, targetHandle };
      if (connectionProblem(store.getState().doc, wire) === null) connect(after.id, id, targetHandle);
      store.select([id]);
      return id;
    });
  }

  function cut(): void {
    if (copy()) deleteSelection();
  }

  /** The param's value, or the default again when `value` is undefined. */
  function setParam(nodeId: string, name: string, value: JsonValue | undefined): void {
    if (value === undefined) store.run('resetParam', { nodeId, name });
    else store.run('setParam', { nodeId, name, value });
  }

  /** Deletes a pass-through node and wires its input to everything its output fed, as one undo step. */
  function removeKeepingWires(nodeId: string): void {
    const { edges } = store.getState().doc;
    const source = edges.find((e) => e.target === nodeId)?.source;
    const outgoing = edges.filter((e) => e.source === nodeId);
    store.transaction('Remove node', () => {
      store.run('deleteNodes', { nodeIds: [nodeId] });
      if (source === undefined) return;
      for (const e of outgoing)
        store.run('connect', {
          source,
          target: e.target,
          ...(e.targetHandle ? { targetHandle: e.targetHandle } : {}),
        });
    });
  }

  function applyQuickFix(fix: QuickFix): void {
    if (fix.kind === 'setParam') {
      store.run('setParam', { nodeId: fix.nodeId, name: fix.field, value: fix.value as JsonValue });
      store.select([fix.nodeId]);
      return;
    }
    if (fix.kind === 'removeNode') {
      removeKeepingWires(fix.nodeId);
      return;
    }
    if (!isNodeType(fix.nodeType)) return;
    const doc = store.getState().doc;
    const edge = doc.edges.find((e) => e.id === fix.edgeId);
    if (!edge) return;
    const from = doc.nodes.find((n) => n.id === edge.source)?.position;
    const to = doc.nodes.find((n) => n.id === edge.target)?.position;
    // Below the wire's midpoint, so the new node does not cover either end.
    const position =
      from && to
        ? { x: Math.round((from.x + to.x) / 2), y: Math.round((from.y + to.y) / 2) + 90 }
        : undefined;
    const id = store.run('insertNodeOnEdge', {
      edgeId: edge.id,
      type: fix.nodeType,
      ...(fix.params ? { params: fix.params as Record<string, JsonValue> } : {}),
      ...(position ? { position } : {}),
    });
    if (id !== undefined) store.select([id]);
  }

  return {
    addNode,
    connect,
    deleteElements,
    deleteSelection,
    copy,
    cut,
    paste,
    duplicate,
    addNext,
    setParam,
    applyQuickFix,
  };
}

export type EditorActions = ReturnType<typeof createActions>;
