import { describe, expect, it } from 'vitest';
import { parseProject } from './parse';
import { serializeProject } from './serialize';
import type { GraphDocument } from './types';

const valid = {
  format: 'layerloom',
  version: 2,
  name: 'Tiny',
  nodes: [
    { id: 'in', type: 'Input', params: {} },
    { id: 'd1', type: 'Dense', params: { units: 4 }, position: { x: 10, y: 20 }, label: 'hidden' },
  ],
  edges: [{ id: 'e1', source: 'in', target: 'd1', targetHandle: 'in0' }],
};

function withChange(change: (doc: Record<string, unknown> & typeof valid) => void): string {
  const doc = JSON.parse(JSON.stringify(valid)) as Record<string, unknown> & typeof valid;
  change(doc);
  return JSON.stringify(doc);
}

function errorOf(text: string): string {
  const result = parseProject(text);
  if (result.ok) throw new Error('expected the parse to fail');
  return result.error;
}

describe('parseProject', () => {
  it('reads a valid file into a document with params defaulted to an empty object', () => {
    const text = withChange((d) => {
      d.nodes[0] = { id: 'in', type: 'Input' } as (typeof valid.nodes)[0];
    });
    const result = parseProject(text);
    expect(result).toEqual({
      ok: true,
      doc: { ...valid, nodes: [{ id: 'in', type: 'Input', params: {} }, valid.nodes[1]] },
    });
  });

  it('keeps unknown top-level fields, whatever JSON they hold', () => {
    const text = withChange((d) => {
      d.description = 'A tiny net';
      d.extra = { nested: [1, 'two', null, true] };
    });
    const result = parseProject(text);
    expect(result.ok && result.doc.description).toBe('A tiny net');
    expect(result.ok && result.doc.extra).toEqual({ nested: [1, 'two', null, true] });
  });

  it('keeps params exactly as written, including unusual keys', () => {
    const text =
      '{"format":"layerloom","version":1,"name":"p","nodes":[{"id":"a","type":"Dense","params":{"z":1,"__proto__":{"x":2},"a":[3]}}],"edges":[]}';
    const result = parseProject(text);
    if (!result.ok) throw new Error(result.error);
    const params = result.doc.nodes[0]?.params ?? {};
    expect(Object.keys(params)).toEqual(['z', '__proto__', 'a']);
    expect(serializeProject(result.doc)).toContain('"__proto__": {');
  });

  it('drops a top-level "__proto__" field instead of letting it change the document', () => {
    const result = parseProject(JSON.stringify(valid).replace('{', '{"__proto__":{"polluted":1},'));
    if (!result.ok) throw new Error(result.error);
    expect(Object.getPrototypeOf(result.doc)).toBe(Object.prototype);
    expect(Object.keys(result.doc)).toEqual(['format', 'version', 'name', 'nodes', 'edges']);
  });

  it('reads a file that starts with a byte-order mark', () => {
    expect(parseProject(`\uFEFF${JSON.stringify(valid)}`).ok).toBe(true);
  });

  it('reports no migration for a file already at the current version', () => {
    const result = parseProject(JSON.stringify(valid));
    expect(result.ok && 'migratedFrom' in result).toBe(false);
  });

  it.each<[string, string, string]>([
    [
      'not JSON, with the line and column',
      '{\n  "format": "layerloom",\n  "version": 1,,\n}',
      "Not valid JSON at line 3, column 16: expected a property name in double quotes but found ','.",
    ],
    [
      'truncated JSON',
      '{"format": "layerloom"',
      "Not valid JSON at line 1, column 23: expected ',' or '}' but found the end of the file.",
    ],
    [
      'an empty file',
      '',
      'Not valid JSON at line 1, column 1: expected a value but found the end of the file.',
    ],
    [
      'a JSON list',
      '[1, 2]',
      'Not a Layerloom project: expected a JSON object at the top level, found a list.',
    ],
    [
      'a missing format',
      withChange((d) => delete (d as Partial<typeof d>).format),
      'no "format": "layerloom" field',
    ],
    [
      'a wrong format',
      withChange((d) => (d.format = 'keras')),
      '"format" is a string ("keras"), expected "layerloom"',
    ],
    [
      'a newer version',
      withChange((d) => (d.version = 3)),
      'was saved by a newer Layerloom (version 3); this build reads up to 2',
    ],
    [
      'version zero',
      withChange((d) => (d.version = 0)),
      '"version" must be a whole number from 1 up, found number 0.',
    ],
    [
      'a version given as text',
      withChange((d) => ((d as Record<string, unknown>).version = '1')),
      'found a string ("1")',
    ],
    [
      'an unknown node type',
      withChange((d) => (d.nodes[1]!.type = 'Dense3')),
      'Node "d1" (nodes[1]) has unknown type "Dense3".',
    ],
    [
      'duplicate node ids',
      withChange((d) => (d.nodes[1]!.id = 'in')),
      'Two nodes have the id "in" (the second is nodes[1]).',
    ],
    [
      'duplicate edge ids',
      withChange((d) => d.edges.push({ ...d.edges[0]! })),
      'Two edges have the id "e1" (the second is edges[1]).',
    ],
    [
      'an edge to a missing node',
      withChange((d) => (d.edges[0]!.target = 'ghost')),
      'Edge "e1" (edges[0]) has target "ghost", but no node has that id.',
    ],
    [
      'an edge from a missing node',
      withChange((d) => (d.edges[0]!.source = 'nobody')),
      'has source "nobody"',
    ],
    [
      'a wrong field type',
      withChange((d) => ((d.nodes[1] as Record<string, unknown>).params = 'units=4')),
      'nodes[1].params: expected an object of JSON values, found a string ("units=4").',
    ],
    [
      'a number where a string belongs',
      withChange((d) => ((d.edges[0] as Record<string, unknown>).source = 7)),
      'edges[0].source: expected a string, found number 7.',
    ],
    [
      'a missing name',
      withChange((d) => delete (d as Partial<typeof d>).name),
      'name is missing (expected a string).',
    ],
    [
      'nodes that are not a list',
      withChange((d) => ((d as Record<string, unknown>).nodes = {})),
      'nodes: expected a list, found an object.',
    ],
    [
      'a position without y',
      withChange((d) => ((d.nodes[1] as Record<string, unknown>).position = { x: 1 })),
      'nodes[1].position.y is missing (expected a number).',
    ],
    ['an empty node id', withChange((d) => (d.nodes[0]!.id = '')), 'nodes[0].id: must not be empty.'],
  ])('refuses %s with one clear line', (_what, text, message) => {
    const error = errorOf(text);
    expect(error).toContain(message);
    expect(error).not.toContain('\n');
  });
});

describe('serializeProject', () => {
  const doc: GraphDocument = {
    format: 'layerloom',
    version: 1,
    name: 'Order',
    nodes: [
      { id: 'c', type: 'Conv2D', params: { kernelSize: [5, 5], filters: 8 }, position: { x: 0, y: 0 } },
    ],
    edges: [],
    description: 'kept',
  };

  it('writes the header, then unknown fields, then nodes and edges, with a trailing newline', () => {
    const text = serializeProject(doc);
    expect(Object.keys(JSON.parse(text))).toEqual([
      'format',
      'version',
      'name',
      'description',
      'nodes',
      'edges',
    ]);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "format": "layerloom",\n')).toBe(true);
  });

  it('keeps short lists and flat objects on one line and params in the order given', () => {
    const text = serializeProject(doc);
    expect(text).toContain('      "params": { "kernelSize": [5, 5], "filters": 8 },\n');
    expect(text).toContain('"position": { "x": 0, "y": 0 }');
  });

  it('breaks a flat object that would not fit on one line', () => {
    const long = {
      ...doc,
      nodes: [{ id: 'd', type: 'Dense' as const, params: { a: 'x'.repeat(50), b: 'y'.repeat(50) } }],
    };
    expect(serializeProject(long)).toContain('"params": {\n        "a": "xxx');
  });

  it('writes the same text for the same document', () => {
    expect(serializeProject(JSON.parse(JSON.stringify(doc)))).toBe(serializeProject(doc));
  });
});
