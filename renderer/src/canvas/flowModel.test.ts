import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../graph-core/src/analysis';
import { serializeProject } from '../core/document';
import { createEditorStore } from '../store/editorStore';
import { mlpDocument } from '../store/testing';
import { createFlowModel, flowEdges } from './flowModel';

const storeFor = () => createEditorStore(mlpDocument(), (d) => analyzeGraph(d), serializeProject);

describe('flow model', () => {
  it('reuses the objects of nodes an edit did not touch', () => {
    const store = storeFor();
    const model = createFlowModel();
    const first = model.nodes(store.getState());
    store.run('setParam', { nodeId: 'd1', name: 'units', value: 64 });
    const second = model.nodes(store.getState());
    expect(second.find((n) => n.id === 'data')).toBe(first.find((n) => n.id === 'data'));
    expect(second.find((n) => n.id === 'd1')).not.toBe(first.find((n) => n.id === 'd1'));
    expect(second.find((n) => n.id === 'd1')?.data.paramCount).toBe(784 * 64 + 64);
  });

  it('shows shapes without the batch dimension and marks nodes with problems', () => {
    const nodes = createFlowModel().nodes(storeFor().getState());
    expect(nodes.find((n) => n.id === 'flat')?.data.outputShape).toBe('784');
    expect(nodes.find((n) => n.id === 'in')?.data.outputShape).toBe('28×28×1');
    // No Loss or Optimizer yet: the graph names what is missing somewhere.
    expect(storeFor().getState().analysis.diagnostics.length).toBeGreaterThan(0);
  });

  it('keeps the objects of wires an edit did not touch', () => {
    const store = storeFor();
    const model = createFlowModel();
    const first = model.edges(store.getState());
    store.run('setParam', { nodeId: 'd1', name: 'units', value: 64 });
    expect(model.edges(store.getState())).toEqual(first);
    expect(model.edges(store.getState())[0]).toBe(first[0]);
    store.select([], ['e2']);
    expect(model.edges(store.getState())[1]).not.toBe(first[1]);
  });

  it('labels each wire with the shape its source puts out', () => {
    const edges = flowEdges(storeFor().getState());
    expect(edges.map((e) => e.label)).toEqual(['28×28×1', '28×28×1', '784']);
  });

  it('draws unnamed wires into an ordered multi-input node on its free ports in order', () => {
    const store = storeFor();
    store.run('addNode', { id: 'sum', type: 'Add' });
    store.run('connect', { source: 'd1', target: 'sum', targetHandle: 'in0' });
    store.run('connect', { source: 'flat', target: 'sum' });
    const edges = flowEdges(store.getState()).filter((e) => e.target === 'sum');
    expect(edges.map((e) => e.targetHandle)).toEqual(['in0', 'in1']);
    const sum = createFlowModel()
      .nodes(store.getState())
      .find((n) => n.id === 'sum');
    expect(sum?.data.ports).toEqual(['in0', 'in1', 'in2']);
  });
});

describe('wires that flow backwards', () => {
  it('routes a wire into a node left of its source in right angles, others as curves', () => {
    const store = storeFor();
    const moves = [{ id: 'd1', position: { x: -500, y: 300 } }];
    store.run('moveNodes', { moves });
    const edges = flowEdges(store.getState());
    const into = edges.find((e) => e.target === 'd1');
    expect(into?.type).toBe('smoothstep');
    expect(edges.filter((e) => e.target !== 'd1').every((e) => e.type === undefined)).toBe(true);
  });
});
