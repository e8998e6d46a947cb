import type { GraphDocument, GraphEdge, GraphNode } from './types';

// Fixed key order keeps saved files stable, so a diff of two saves shows only what the user changed.
const HEAD_KEYS = ['format', 'version', 'name'] as const;
const TAIL_KEYS = ['weights', 'nodes', 'edges'] as const;
const KNOWN = new Set<string>([...HEAD_KEYS, ...TAIL_KEYS]);

function nodeForSave(node: GraphNode): Record<string, unknown> {
  const out: Record<string, unknown> = { id: node.id, type: node.type };
  if (node.label !== undefined) out.label = node.label;
  out.params = node.params;
  if (node.position !== undefined) out.position = { x: node.position.x, y: node.position.y };
  return out;
}

function edgeForSave(edge: GraphEdge): Record<string, unknown> {
  const out: Record<string, unknown> = { id: edge.id, source: edge.source };
  if (edge.sourceHandle !== undefined) out.sourceHandle = edge.sourceHandle;
  out.target = edge.target;
  if (edge.targetHandle !== undefined) out.targetHandle = edge.targetHandle;
  return out;
}

/**
 * Writes a project file: 2-space JSON with a trailing newline; header first, then unknown top-level
 * fields in their original order, then nodes and edges. Params are written exactly as given (defaults
 * are never filled in), so a file only says what the user set.
 */
export function serializeProject(doc: GraphDocument): string {
  const out: Record<string, unknown> = {};
  for (const key of HEAD_KEYS) out[key] = doc[key];
  for (const [key, value] of Object.entries(doc)) {
    // defineProperty, not assignment: an own "__proto__" key must stay data, not become a prototype.
    if (!KNOWN.has(key))
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  if (doc.weights) out.weights = { manifest: doc.weights.manifest, nodes: [...doc.weights.nodes] };
  out.nodes = doc.nodes.map(nodeForSave);
  out.edges = doc.edges.map(edgeForSave);
  return `${formatJson(out, '')}\n`;
}

/** Lines of inlined lists and objects stay within this width. */
const LINE_WIDTH = 100;

const isPlain = (v: unknown): boolean => v === null || typeof v !== 'object';
const isShallow = (v: unknown): boolean => isPlain(v) || (Array.isArray(v) && v.every(isPlain));

/**
 * JSON.stringify(value, null, 2), except that a short list or object of plain values stays on one
 * line (`"kernelSize": [5, 5]`, `"position": { "x": 0, "y": 0 }`), so files read like the examples
 * in docs/FILE_FORMAT.md and diffs stay small.
 */
function formatJson(value: unknown, indent: string, lineSoFar = indent.length): string {
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item: unknown) => (item === undefined ? 'null' : formatJson(item, inner)));
    const oneLine = `[${items.join(', ')}]`;
    if (value.every(isPlain) && lineSoFar + oneLine.length <= LINE_WIDTH) return oneLine;
    return `[\n${items.map((item) => inner + item).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
    if (entries.length === 0) return '{}';
    const parts = entries.map(([k, v]) => {
      const key = `${JSON.stringify(k)}: `;
      return key + formatJson(v, inner, inner.length + key.length);
    });
    const oneLine = `{ ${parts.join(', ')} }`;
    if (entries.every(([, v]) => isShallow(v)) && lineSoFar + oneLine.length <= LINE_WIDTH) return oneLine;
    return `{\n${parts.map((part) => inner + part).join(',\n')}\n${indent}}`;
  }
  // JSON.stringify writes -0 as 0; "-0" is valid JSON and JSON.parse reads it back as -0.
  if (Object.is(value, -0)) return '-0';
  return JSON.stringify(value) ?? 'null';
}
