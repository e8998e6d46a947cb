import type { GraphDocument } from '../document/types';

/** Test-only: a small chain in → flat → dense1 → loss, with positions, and an Add fed by two wires. */
export function chainDoc(): GraphDocument {
  return {
    format: 'layerloom',
    version: 1,
    name: 'Chain',
    description: 'kept',
    nodes: [
      { id: 'in', type: 'Input', params: {}, position: { x: 0, y: 0 } },
      { id: 'flat', type: 'Flatten', params: {}, position: { x: 200, y: 0 } },
      { id: 'dense1', type: 'Dense', params: { units: 8 }, position: { x: 400, y: 0 } },
      { id: 'loss', type: 'Loss', params: {} },
    ],
    edges: [
      { id: 'e1', source: 'in', target: 'flat' },
      { id: 'e2', source: 'flat', target: 'dense1' },
      { id: 'e3', source: 'dense1', target: 'loss' },
    ],
  };
}

export function addDoc(): GraphDocument {
  return {
    format: 'layerloom',
    version: 1,
    name: 'Residual',
    nodes: [
      { id: 'a', type: 'Dense', params: { units: 4 }, position: { x: 0, y: 0 } },
      { id: 'b', type: 'Dense', params: { units: 4 }, position: { x: 0, y: 200 } },
      { id: 'sum', type: 'Add', params: {}, position: { x: 300, y: 100 } },
    ],
    edges: [
      { id: 'e1', source: 'a', target: 'sum', targetHandle: 'in0' },
      { id: 'e2', source: 'b', target: 'sum', targetHandle: 'in1' },
    ],
  };
}
