/**
 * fast-check arbitraries for project documents, shared by the document and command property tests.
 * Test-only: nothing in the app imports this file.
 */
import fc from 'fast-check';
import {
  CURRENT_VERSION,
  NODE_TYPES,
  type GraphDocument,
  type GraphEdge,
  type GraphNode,
  type JsonValue,
  type NodeType,
} from './types';

// "__proto__" is the one top-level name the parser drops (see parse.ts).
const KNOWN_KEYS = ['format', 'version', 'name', 'weights', 'nodes', 'edges', '__proto__'];

export const coordinateArb = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });

export const positionArb = fc.record({ x: coordinateArb, y: coordinateArb }, { noNullPrototype: true });

export const jsonArb: fc.Arbitrary<JsonValue> = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonValue>;

export const paramsArb: fc.Arbitrary<Record<string, JsonValue>> = fc.dictionary(
  fc.string({ maxLength: 12 }),
  jsonArb,
  {
    maxKeys: 4,
    noNullPrototype: true,
  },
);

export const idArb = fc.string({ minLength: 1, maxLength: 8 });

const nodeBodyArb = fc.record(
  {
    type: fc.constantFrom(...NODE_TYPES),
    params: paramsArb,
    position: positionArb,
    label: fc.string({ maxLength: 10 }),
  },
  { requiredKeys: ['type', 'params'], noNullPrototype: true },
);

const edgeBodyArb = fc.record(
  { sourceHandle: fc.string({ maxLength: 5 }), targetHandle: fc.constantFrom('in0', 'in1', 'in2') },
  { requiredKeys: [], noNullPrototype: true },
);

/** A structurally valid document: unique ids, edges only between existing nodes, unknown extras. */
export const documentArb: fc.Arbitrary<GraphDocument> = fc
  .record(
    {
      name: fc.string({ maxLength: 20 }),
      nodes: fc.uniqueArray(fc.tuple(idArb, nodeBodyArb), { selector: ([id]) => id, maxLength: 8 }),
      wires: fc.array(fc.tuple(fc.nat(), fc.nat(), edgeBodyArb), { maxLength: 10 }),
      extras: fc.dictionary(
        fc.string({ maxLength: 10 }).filter((k) => !KNOWN_KEYS.includes(k)),
        jsonArb,
        { maxKeys: 3, noNullPrototype: true },
      ),
      weights: fc.option(
        fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), fc.array(idArb, { maxLength: 3 })),
        {
          nil: undefined,
        },
      ),
    },
    { noNullPrototype: true },
  )
  .map(({ name, nodes, wires, extras, weights }) => {
    const graphNodes: GraphNode[] = nodes.map(([id, body]) => ({ id, ...body }));
    const edges: GraphEdge[] =
      graphNodes.length === 0
        ? []
        : wires.map(([s, t, body], i) => ({
            id: `e${i + 1}`,
            source: graphNodes[s % graphNodes.length]!.id,
            target: graphNodes[t % graphNodes.length]!.id,
            ...body,
          }));
    const doc: GraphDocument = {
      format: 'layerloom',
      version: CURRENT_VERSION,
      name,
      nodes: graphNodes,
      edges,
    };
    for (const [key, value] of Object.entries(extras)) doc[key] = value;
    if (weights) doc.weights = { manifest: weights[0], nodes: weights[1] };
    return doc;
  });

/** A node as tests write it: id, type and (optional) params. */
export type NodeSpec = [id: string, type: NodeType, params?: Record<string, JsonValue>];

/** A document whose nodes are wired one after another, in the order given (edges e1, e2, …). */
export function chainDocument(nodes: readonly (NodeSpec | GraphNode)[], name = 'Tiny'): GraphDocument {
  const graphNodes = nodes.map((n): GraphNode =>
    Array.isArray(n) ? { id: n[0], type: n[1], params: n[2] ?? {} } : n,
  );
  return {
    format: 'layerloom',
    version: CURRENT_VERSION,
    name,
    nodes: graphNodes,
    edges: graphNodes.slice(1).map((n, i) => ({ id: `e${i + 1}`, source: graphNodes[i]!.id, target: n.id })),
  };
}
