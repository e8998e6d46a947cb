import { describe, expect, it } from 'vitest';
import { serializeProject } from '../core/document';
import { createActions } from './actions';
import { createEditorStore, type EditorStore } from './editorStore';
import { countingAnalyze, mlpDocument, storeFor } from './testing';

type Step = (store: EditorStore) => unknown;
const commands: [string, Step][] = [
  ['addNode', (s) => s.run('addNode', { type: 'Dense', params: { units: 10 }, position: { x: 1, y: 2 } })],
  ['connect', (s) => s.run('connect', { source: 'd1', target: 'flat', targetHandle: 'in0' })],
  ['deleteNodes', (s) => s.run('deleteNodes', { nodeIds: ['flat'] })],
  ['deleteEdges', (s) => s.run('deleteEdges', { edgeIds: ['e2'] })],
  ['setParam', (s) => s.run('setParam', { nodeId: 'd1', name: 'units', value: 64 })],
  ['resetParam', (s) => s.run('resetParam', { nodeId: 'd1', name: 'units' })],
  ['renameNode', (s) => s.run('renameNode', { nodeId: 'd1', label: 'hidden' })],
  [
    'moveNodes',
    (s) =>
      s.run('moveNodes', {
        moves: [
          { id: 'd1', position: { x: 5, y: 6 } },
          { id: 'in', position: { x: -3, y: 9 } },
        ],
      }),
  ],
  [
    'pasteSubgraph',
    (s) => s.run('pasteSubgraph', { nodes: [{ id: 'x1', type: 'Dropout', params: {} }], edges: [] }),
  ],
  ['duplicateNodes', (s) => s.run('duplicateNodes', { nodeIds: ['flat', 'd1'] })],
  ['insertNodeOnEdge', (s) => s.run('insertNodeOnEdge', { edgeId: 'e3', type: 'Dropout' })],
  ['setProjectName', (s) => s.run('setProjectName', { name: 'Renamed' })],
  ['a delete gesture', (s) => createActions(s).deleteElements(['d1'], ['e1'])],
];

describe('editor store', () => {
  it.each(commands)('undo after %s restores the exact previous document and redo reapplies it', (_, step) => {
    const store = storeFor(mlpDocument());
    const before = store.getState().doc;
    const beforeText = serializeProject(before);
    step(store);
    const after = store.getState().doc;
    expect(serializeProject(after)).not.toBe(beforeText);
    expect(store.history().undoStack).toHaveLength(1);
    store.undo();
    expect(store.getState().doc).toEqual(before);
    expect(serializeProject(store.getState().doc)).toBe(beforeText);
    store.redo();
    expect(store.getState().doc).toEqual(after);
  });

  it('deleting a node removes its wires and one undo brings both back', () => {
    const store = storeFor(mlpDocument());
    store.run('deleteNodes', { nodeIds: ['flat'] });
    expect(store.getState().doc.edges.map((e) => e.id)).toEqual(['e1']);
    store.undo();
    expect(store.getState().doc.edges.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
  });

  it('clears the redo stack when a new command runs after undo', () => {
    const store = storeFor(mlpDocument());
    store.run('setParam', { nodeId: 'd1', name: 'units', value: 1 });
    store.undo();
    expect(store.getState().canRedo).toBe(true);
    store.run('setParam', { nodeId: 'd1', name: 'units', value: 2 });
    expect(store.getState().canRedo).toBe(false);
  });

  it('keeps a whole drag as one undo step and re-uses the analysis for every frame', () => {
    const store = storeFor(mlpDocument());
    const analysis = store.getState().analysis;
    store.beginGesture('Move nodes');
    for (let i = 1; i <= 20; i += 1)
      store.run('moveNodes', { moves: [{ id: 'd1', position: { x: i, y: i } }] });
    store.endGesture();
    expect(store.history().undoStack).toHaveLength(1);
    expect(store.getState().analysis).toBe(analysis);
    expect(store.getState().dirty).toBe(true);
    store.undo();
    expect(store.getState().doc.nodes.find((n) => n.id === 'd1')?.position).toEqual({ x: 600, y: 0 });
    expect(store.getState().dirty).toBe(false);
  });

  it('does not put selection or measured sizes into history or the document', () => {
    const store = storeFor(mlpDocument());
    const text = serializeProject(store.getState().doc);
    store.select(['d1'], ['e1']);
    store.setMeasured([['d1', { width: 100, height: 50 }]]);
    expect(store.getState().canUndo).toBe(false);
    expect(serializeProject(store.getState().doc)).toBe(text);
    expect(store.getState().dirty).toBe(false);
  });

  it('drops the selection of deleted elements', () => {
    const store = storeFor(mlpDocument());
    store.select(['d1', 'flat'], ['e3']);
    store.run('deleteNodes', { nodeIds: ['flat'] });
    expect([...store.getState().selection.nodes]).toEqual(['d1']);
    expect([...store.getState().selection.edges]).toEqual([]);
  });

  it('is dirty after an edit and clean again when undo returns to the saved document', () => {
    const store = storeFor(mlpDocument());
    store.run('setParam', { nodeId: 'd1', name: 'units', value: 3 });
    expect(store.getState().dirty).toBe(true);
    store.undo();
    expect(store.getState().dirty).toBe(false);
    store.redo();
    store.markSaved('projects/mlp.layerloom');
    expect(store.getState()).toMatchObject({ dirty: false, projectId: 'projects/mlp.layerloom' });
  });

  it('re-runs the analysis on every document change', () => {
    const store = storeFor(mlpDocument());
    expect(store.getState().analysis.totalParams).toBe(4);
    store.run('deleteNodes', { nodeIds: ['d1'] });
    expect(store.getState().analysis.totalParams).toBe(3);
    store.undo();
    expect(store.getState().analysis.totalParams).toBe(4);
  });

  it('ignores a command that changes nothing', () => {
    const store = storeFor(mlpDocument());
    store.run('setParam', { nodeId: 'd1', name: 'units', value: 128 });
    expect(store.getState().canUndo).toBe(false);
  });

  it('loading a document clears history and selection', () => {
    const store = storeFor(mlpDocument());
    store.run('setParam', { nodeId: 'd1', name: 'units', value: 3 });
    store.select(['d1']);
    store.load(mlpDocument(), 'p1');
    expect(store.getState()).toMatchObject({ canUndo: false, canRedo: false, dirty: false, projectId: 'p1' });
    expect(store.getState().selection.nodes.size).toBe(0);
  });

  it('a load that keeps the selection keeps only the nodes the new document still has', () => {
    const store = storeFor(mlpDocument());
    store.select(['d1', 'flat']);
    const doc = mlpDocument();
    store.load({ ...doc, nodes: doc.nodes.filter((n) => n.id !== 'flat') }, 'p1', { keepSelection: true });
    expect([...store.getState().selection.nodes]).toEqual(['d1']);
  });
});

describe('editor actions', () => {
  it('pastes copies with fresh ids, keeping only wires inside the copied set', () => {
    const store = storeFor(mlpDocument());
    const actions = createActions(store);
    store.select(['flat', 'd1']);
    actions.copy();
    actions.paste();
    const doc = store.getState().doc;
    expect(doc.nodes.map((n) => n.id)).toEqual(['data', 'in', 'flat', 'd1', 'flatten1', 'dense1']);
    expect(doc.edges.map((e) => e.id)).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(doc.edges.at(-1)).toMatchObject({ source: 'flatten1', target: 'dense1' });
    expect(doc.edges).toHaveLength(4);
    // +40,+40 would cover the originals: the copies land just clear of them, same arrangement.
    const d1 = doc.nodes.find((n) => n.id === 'd1')?.position;
    const copy = doc.nodes.at(-1)?.position;
    expect(copy && d1 && copy.y - d1.y).toBeGreaterThanOrEqual(100);
    expect(copy && d1 && copy.x - d1.x).toBe(40);
    expect([...store.getState().selection.nodes]).toEqual(['flatten1', 'dense1']);
    store.undo();
    expect(store.getState().doc.nodes).toHaveLength(4);
  });

  it('pastes twice in a row clear of the first copy, sized as its original before the canvas measured it', () => {
    const store = storeFor(mlpDocument());
    const actions = createActions(store);
    // A wide card: the default size would let the second copy land on the first.
    store.setMeasured([['d1', { width: 320, height: 120 }]]);
    store.select(['d1']);
    actions.copy();
    actions.paste();
    actions.paste();
    const [a, b] = store
      .getState()
      .doc.nodes.slice(-2)
      .map((n) => n.position ?? { x: 0, y: 0 });
    expect(Math.abs(b!.x - a!.x) >= 320 || Math.abs(b!.y - a!.y) >= 120).toBe(true);
  });

  it('adds the next node after the selected one, to its right, wired in, in one undo step', () => {
    const store = storeFor(mlpDocument());
    const actions = createActions(store);
    store.select(['d1']);
    const id = actions.addNext('Dense', { x: 0, y: 0 });
    const doc = store.getState().doc;
    const d1 = doc.nodes.find((n) => n.id === 'd1')?.position;
    expect(doc.nodes.find((n) => n.id === id)?.position?.x).toBeGreaterThan((d1?.x ?? 0) + 180);
    expect(doc.edges.at(-1)).toMatchObject({ source: 'd1', target: id });
    expect([...store.getState().selection.nodes]).toEqual([id]);
    store.undo();
    expect(store.getState().doc.nodes.some((n) => n.id === id)).toBe(false);
    expect(store.getState().doc.edges).toHaveLength(doc.edges.length - 1);
  });

  it('duplicates a node clear of the others', () => {
    const store = storeFor(mlpDocument());
    const actions = createActions(store);
    store.select(['in']);
    actions.duplicate();
    const doc = store.getState().doc;
    const copy = doc.nodes.at(-1)?.position ?? { x: 0, y: 0 };
    for (const n of doc.nodes.slice(0, -1)) {
      const p = n.position ?? { x: 0, y: 0 };
      expect(Math.abs(copy.x - p.x) >= 200 || Math.abs(copy.y - p.y) >= 100).toBe(true);
    }
  });

  it('cut removes the selection and paste brings it back under new ids', () => {
    const store = storeFor(mlpDocument());
    const actions = createActions(store);
    store.select(['d1']);
    actions.cut();
    expect(store.getState().doc.nodes.map((n) => n.id)).not.toContain('d1');
    actions.paste();
    expect(store.getState().doc.nodes.at(-1)).toMatchObject({ type: 'Dense', params: { units: 128 } });
  });

  it('the Insert quick fix splits the wire around the new node in one undo step', () => {
    const store = storeFor(mlpDocument());
    const actions = createActions(store);
    actions.applyQuickFix({ kind: 'insertNode', label: 'Insert Flatten', edgeId: 'e3', nodeType: 'Dropout' });
    const doc = store.getState().doc;
    expect(doc.edges.map((e) => [e.source, e.target]).sort()).toEqual([
      ['data', 'in'],
      ['dropout1', 'd1'],
      ['flat', 'dropout1'],
      ['in', 'flat'],
    ]);
    expect(doc.nodes.at(-1)?.position).toEqual({ x: 500, y: 90 });
    store.undo();
    expect(store.getState().doc).toEqual(mlpDocument());
  });

  it('the Remove quick fix deletes the node, rewires around it and undoes in one step', () => {
    const store = storeFor(mlpDocument());
    createActions(store).applyQuickFix({ kind: 'removeNode', label: 'Remove Flatten', nodeId: 'flat' });
    const doc = store.getState().doc;
    expect(doc.nodes.some((n) => n.id === 'flat')).toBe(false);
    expect(doc.edges.map((e) => [e.source, e.target]).sort()).toEqual([
      ['data', 'in'],
      ['in', 'd1'],
    ]);
    store.undo();
    expect(store.getState().doc).toEqual(mlpDocument());
  });

  it('the set-param quick fix changes the field and selects the node', () => {
    const store = storeFor(mlpDocument());
    createActions(store).applyQuickFix({
      kind: 'setParam',
      label: 'Set units to 3',
      nodeId: 'd1',
      field: 'units',
      value: 3,
    });
    expect(store.getState().doc.nodes.find((n) => n.id === 'd1')?.params.units).toBe(3);
    expect([...store.getState().selection.nodes]).toEqual(['d1']);
  });
  it('reanalyze publishes a fresh analysis of the same document without an undo step or a revision', () => {
    let calls = 0;
    const store = createEditorStore(
      mlpDocument(),
      (doc) => {
        calls += 1;
        return { ...countingAnalyze(doc), totalParams: calls };
      },
      serializeProject,
    );
    store.run('setParam', { nodeId: 'd1', name: 'units', value: 64 });
    const before = store.getState();
    store.reanalyze();
    const after = store.getState();
    expect(after.analysis).not.toBe(before.analysis);
    expect(after.analysis.totalParams).toBe(before.analysis.totalParams + 1);
    expect(after.doc).toBe(before.doc);
    expect(after.revision).toBe(before.revision);
    expect(after.dirty).toBe(before.dirty);
    store.undo();
    expect(store.getState().doc).toEqual(mlpDocument());
    expect(store.getState().canUndo).toBe(false);
  });
});
