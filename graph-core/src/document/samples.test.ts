/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../analysis/analyze';
import { checkParam } from '../catalogue/check';
import { getParamSpec } from '../catalogue/index';
import { parseProject } from './parse';
import { serializeProject } from './serialize';
import type { GraphDocument } from './types';

const samples = import.meta.glob<string>('../../../assets/samples/*.layerloom', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const entries = Object.entries(samples).map(([path, text]) => [path.split('/').pop() ?? path, text] as const);

function load(text: string): GraphDocument {
  const result = parseProject(text);
  if (!result.ok) throw new Error(result.error);
  return result.doc;
}

describe('sample projects', () => {
  it('ships the six samples the templates offer', () => {
    expect(entries.map(([name]) => name).sort()).toEqual([
      'iris-mlp.layerloom',
      'mnist-cnn.layerloom',
      'mnist-lstm.layerloom',
      'mnist-mlp.layerloom',
      'residual-mlp.layerloom',
      'spiral-classifier.layerloom',
    ]);
  });

  it.each(entries)('%s parses and is saved in canonical form', (_name, text) => {
    expect(serializeProject(load(text))).toBe(text);
  });

  it.each(entries)('%s has a name and a description', (_name, text) => {
    const doc = load(text);
    expect(doc.name.length).toBeGreaterThan(0);
    expect(typeof doc.description === 'string' && doc.description.length > 20).toBe(true);
  });

  it.each(entries)('%s only uses catalogue params, with acceptable values', (_name, text) => {
    for (const node of load(text).nodes) {
      for (const [name, value] of Object.entries(node.params)) {
        const spec = getParamSpec(node.type, name);
        expect(spec, `${node.id}.${name}`).toBeDefined();
        if (spec) expect(checkParam(spec, value), `${node.id}.${name}`).toBeNull();
      }
    }
  });

  it.each(entries)('%s is laid out left to right, every wire going rightwards', (_name, text) => {
    const doc = load(text);
    const x = new Map(doc.nodes.map((n) => [n.id, n.position?.x]));
    for (const node of doc.nodes) expect(node.position, node.id).toBeDefined();
    for (const edge of doc.edges) expect(x.get(edge.source)!, edge.id).toBeLessThan(x.get(edge.target)!);
  });

  it.each(entries)('%s analyses valid, with no warnings either', (_name, text) => {
    const analysis = analyzeGraph(load(text));
    expect(analysis.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(analysis.valid).toBe(true);
    expect(analysis.totalParams).toBeGreaterThan(0);
  });

  it.each([
    ['mnist-mlp.layerloom', 101_770],
    ['mnist-cnn.layerloom', 208 + 3_216 + 2_570],
    ['iris-mlp.layerloom', 80 + 51],
    ['spiral-classifier.layerloom', 96 + 1056 + 66],
    ['mnist-lstm.layerloom', 4 * 64 * (28 + 64 + 1) + 650],
    ['residual-mlp.layerloom', 50_240 + 4_160 + 4_160 + 650],
  ])('%s has the Keras parameter count %i', (name, params) => {
    const text = entries.find(([file]) => file === name)?.[1] ?? '';
    expect(analyzeGraph(load(text)).totalParams).toBe(params);
  });

  it('mnist-mlp is exactly the example of the file format contract', () => {
    const doc = load(entries.find(([name]) => name === 'mnist-mlp.layerloom')?.[1] ?? '');
    const strip = (d: GraphDocument) => ({
      name: d.name,
      nodes: d.nodes.map(({ id, type, params }) => ({ id, type, params })),
      edges: d.edges,
    });
    const fixture = import.meta.glob<string>('../../fixtures/v1/issue2-example.layerloom', {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    expect(strip(doc)).toEqual(strip(load(Object.values(fixture)[0] ?? '')));
  });

  it('residual-mlp orders the Add inputs by target handle', () => {
    const doc = load(entries.find(([name]) => name === 'residual-mlp.layerloom')?.[1] ?? '');
    const into = doc.edges.filter((e) => e.target === 'sum').map((e) => [e.targetHandle, e.source]);
    expect(into).toEqual([
      ['in0', 'proj'],
      ['in1', 'block2'],
    ]);
  });
});
