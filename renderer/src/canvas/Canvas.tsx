import { useCallback, useMemo, useRef, useState, type DragEvent, type MouseEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
  type OnConnectEnd,
  type OnDelete,
} from '@xyflow/react';
import type { NodeType, Position } from '../../../graph-core/src/document';
import { isNodeType } from '../../../graph-core/src/document';
import { connectionProblem } from '../core/analysis';
import { DRAG_MIME } from '../palette/Palette';
import type { EditorActions } from '../store/actions';
import { useEditor, useEditorStore } from '../store/useEditor';
import { createFlowModel, type LayerFlowNode } from './flowModel';
import { LayerNode } from './LayerNode';
import { OverviewMap } from './OverviewMap';
import { QuickAdd } from './QuickAdd';
import { FIT_PADDING } from './openFitted';

const nodeTypes = { layer: LayerNode };
const GRID: [number, number] = [10, 10];

export function Canvas({ actions }: { actions: EditorActions }) {
  const store = useEditorStore();
  const flow = useReactFlow<LayerFlowNode, Edge>();
  const model = useMemo(() => createFlowModel(), []);
  const doc = useEditor((s) => s.doc);
  const analysis = useEditor((s) => s.analysis);
  const selection = useEditor((s) => s.selection);
  const measured = useEditor((s) => s.measured);
  const [quickAdd, setQuickAdd] = useState<{ screen: Position; flow: Position } | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const refusalTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // Recomputed only when something a node shows changed; unchanged node objects are reused.
  const nodes = useMemo(() => model.nodes(store.getState()), [model, doc, analysis, selection, measured]);
  const edges = useMemo(() => model.edges(store.getState()), [model, store, doc, analysis, selection]);

  const onNodesChange = useCallback(
    (changes: NodeChange<LayerFlowNode>[]) => {
      const state = store.getState();
      const sizes: [string, { width: number; height: number }][] = [];
      const moves: { id: string; position: Position }[] = [];
      let selectionChanged = false;
      const selected = new Set(state.selection.nodes);
      for (const c of changes) {
        if (c.type === 'dimensions' && c.dimensions) sizes.push([c.id, c.dimensions]);
        else if (c.type === 'position' && c.position)
          moves.push({ id: c.id, position: { x: Math.round(c.position.x), y: Math.round(c.position.y) } });
        else if (c.type === 'select') {
          selectionChanged = true;
          if (c.selected) selected.add(c.id);
          else selected.delete(c.id);
        }
        // 'remove' changes are ignored: onDelete gets nodes and edges together, as one undo step.
      }
      store.setMeasured(sizes);
      // Drag frames land inside the gesture opened on drag start, so the whole drag is one undo step.
      if (moves.length > 0) store.run('moveNodes', { moves });
      if (selectionChanged) store.select(selected, store.getState().selection.edges);
    },
    [store],
  );

  const beginDrag = useCallback(() => store.beginGesture('Move nodes'), [store]);
  const endDrag = useCallback(() => store.endGesture(), [store]);

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const selected = new Set(store.getState().selection.edges);
      let changed = false;
      for (const c of changes) {
        if (c.type !== 'select') continue;
        changed = true;
        if (c.selected) selected.add(c.id);
        else selected.delete(c.id);
      }
      if (changed) store.select(store.getState().selection.nodes, selected);
    },
    [store],
  );

  const onDelete: OnDelete<LayerFlowNode, Edge> = useCallback(
    ({ nodes: n, edges: e }) => {
      actions.deleteElements(
        n.map((x) => x.id),
        e.map((x) => x.id),
      );
    },
    [actions],
  );

  const isValidConnection: IsValidConnection<Edge> = useCallback(
    (c) => connectionProblem(store.getState().doc, toConnection(c)) === null,
    [store],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (connectionProblem(store.getState().doc, toConnection(c)) !== null) return;
      actions.connect(c.source, c.target, c.targetHandle, c.sourceHandle);
    },
    [store, actions],
  );

  // A refused wire says why, so the user is not left guessing.
  const onConnectEnd: OnConnectEnd = useCallback(
    (_event, c) => {
      if (c.isValid !== false || !c.fromNode || !c.toNode || !c.fromHandle) return;
      const fromSource = c.fromHandle.type === 'source';
      const reason = connectionProblem(store.getState().doc, {
        source: fromSource ? c.fromNode.id : c.toNode.id,
        target: fromSource ? c.toNode.id : c.fromNode.id,
        targetHandle: (fromSource ? c.toHandle?.id : c.fromHandle.id) ?? null,
      });
      if (!reason) return;
      setRefusal(reason);
      if (refusalTimer.current) clearTimeout(refusalTimer.current);
      refusalTimer.current = setTimeout(() => setRefusal(null), 5000);
    },
    [store],
  );

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(DRAG_MIME);
      if (!isNodeType(type)) return;
      event.preventDefault();
      actions.addNode(type, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [actions, flow],
  );

  const onDoubleClick = useCallback(
    (event: MouseEvent) => {
      if (!(event.target instanceof Element) || !event.target.classList.contains('react-flow__pane')) return;
      const rect = wrapper.current?.getBoundingClientRect();
      setQuickAdd({
        screen: { x: event.clientX - (rect?.left ?? 0), y: event.clientY - (rect?.top ?? 0) },
        flow: flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }),
      });
    },
    [flow],
  );

  return (
    <main
      className="canvas"
      ref={wrapper}
      onDoubleClick={onDoubleClick}
      aria-label="Canvas"
      data-testid="canvas"
    >
      <ReactFlow<LayerFlowNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onNodeDragStart={beginDrag}
        onNodeDragStop={endDrag}
        onSelectionDragStart={beginDrag}
        onSelectionDragStop={endDrag}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onDrop={onDrop}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
        }}
        deleteKeyCode={['Delete', 'Backspace']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionKeyCode="Shift"
        snapToGrid
        snapGrid={GRID}
        zoomOnDoubleClick={false}
        minZoom={0.1}
        maxZoom={2}
        fitViewOptions={{ padding: FIT_PADDING }}
        proOptions={{ hideAttribution: true }}
        onlyRenderVisibleElements={doc.nodes.length > 200}
        defaultEdgeOptions={{ type: 'default' }}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="var(--canvas-dots)" />
        <OverviewMap />
        <Controls />
      </ReactFlow>
      {refusal && (
        <div className="wire-refusal" role="status" data-testid="canvas.refusal">
          {refusal}
        </div>
      )}
      {quickAdd && (
        <QuickAdd
          at={quickAdd.screen}
          onPick={(type: NodeType) => {
            actions.addNode(type, quickAdd.flow);
            setQuickAdd(null);
          }}
          onClose={() => setQuickAdd(null)}
        />
      )}
    </main>
  );
}

function toConnection(c: Connection | Edge) {
  return { source: c.source, target: c.target, targetHandle: c.targetHandle ?? null };
}
