/** Helpers for the store's tests: a tiny analyzer that only counts, so history is tested on its own. */
import type { GraphAnalysis } from '../../../graph-core/src/analysis';
import type { GraphDocument } from '../../../graph-core/src/document';
import { emptyDocument, serializeProject } from '../core/document';
import { createEditorStore } from './editorStore';

export function countingAnalyze(doc: GraphDocument): GraphAnalysis {
  const nodes: GraphAnalysis['nodes'] = {};
  for (const n of doc.nodes) nodes[n.id] = { outputShape: null, params: 0 };
  return {
    valid: true,
    nodes,
    diagnostics: [],
    totalParams: doc.nodes.length,
    nonTrainableParams: 0,
    modelOrder: [],
  };
}

export function mlpDocument(): GraphDocument {
  return {
    ...emptyDocument('MLP'),
    nodes: [
      { id: 'data', type: 'Dataset', params: { source: 'mnist' }, position: { x: 0, y: 0 } },
      { id: 'in', type: 'Input', params: {}, position: { x: 200, y: 0 } },
      { id: 'flat', type: 'Flatten', params: {}, position: { x: 400, y: 0 } },
      { id: 'd1', type: 'Dense', params: { units: 128 }, position: { x: 600, y: 0 } },
    ],
    edges: [
      { id: 'e1', source: 'data', target: 'in' },
      { id: 'e2', source: 'in', target: 'flat' },
      { id: 'e3', source: 'flat', target: 'd1' },
    ],
  };
}

export const storeFor = (doc: GraphDocument) => createEditorStore(doc, countingAnalyze, serializeProject);
