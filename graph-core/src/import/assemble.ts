import { CATALOGUE } from '../catalogue/index';
import { LOSSES } from '../catalogue/identifiers';
import { sidecarManifestPath } from '../weights/sidecar';
import type { NamedWeight } from '../weights/named';
import {
  CURRENT_VERSION,
  FORMAT_NAME,
  type GraphDocument,
  type GraphEdge,
  type GraphNode,
  type JsonValue,
} from '../document/types';
import { ImportError } from './errors';
import { layoutTopToBottom } from './layout';

/** What every importer returns: a project document and the weights it carries. */
export interface ImportedModel {
  document: GraphDocument;
  weights: NamedWeight[];
  /** Things the user should know that are not errors in the graph (e.g. a second output left unwired). */
  warnings: string[];
}

/** Node ids: the source's names where they are usable, made unique. */
export class IdMaker {
  private readonly used = new Set<string>();
  make(wanted: string): string {
    const base = wanted.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '') || 'node';
    let id = base;
    for (let i = 2; this.used.has(id); i++) id = `${base}_${i}`;
    this.used.add(id);
    return id;
  }
}

/** Params that equal the catalogue's default are left out, as files only state what differs. */
export function withoutDefaults(
  type: GraphNode['type'],
  params: Record<string, JsonValue>,
): Record<string, JsonValue> {
  const specs = CATALOGUE[type].params;
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(params)) {
    const spec = specs.find((p) => p.name === k);
    if (spec && JSON.stringify(spec.default) === JSON.stringify(v)) continue;
    out[k] = v;
  }
  return out;
}

/** Throws when the layer graph has a cycle, naming the layers on it. */
export function checkAcyclic(nodes: readonly GraphNode[], edges: readonly GraphEdge[], where: string): void {
  const out = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const e of edges) out.get(e.source)?.push(e.target);
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (start: string) => {
    // Iterative DFS: a 2,000-layer chain must not overflow the stack.
    const frames: { id: string; next: number }[] = [{ id: start, next: 0 }];
    state.set(start, 1);
    stack.push(start);
    while (frames.length) {
      const f = frames[frames.length - 1]!;
      const children = out.get(f.id) ?? [];
      if (f.next < children.length) {
        const c = children[f.next++]!;
        if (state.get(c) === 1) {
          const cycle = [...stack.slice(stack.indexOf(c)), c].map((s) => `"${s}"`).join(' → ');
          throw new ImportError(`${where}: the layers form a cycle (${cycle}); a model must flow one way.`);
        }
        if (!state.has(c)) {
          state.set(c, 1);
          stack.push(c);
          frames.push({ id: c, next: 0 });
        }
      } else {
        state.set(f.id, 2);
        stack.pop();
        frames.pop();
      }
    }
  };
  for (const n of nodes) if (!state.has(n.id)) visit(n.id);
}

const DATASET_BY_SHAPE: [string, string][] = [
  ['28,28,1', 'mnist'],
  ['4', 'iris'],
  ['2', 'spiral'],
];

/** A known loss name (`categorical_crossentropy`, `categoricalCrossentropy`) or null. */
export function lossId(name: string | null): string | null {
  if (!name) return null;
  const camel = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  const alias: Record<string, string> = { mse: 'meanSquaredError', mae: 'meanAbsoluteError' };
  const id = alias[camel] ?? camel;
  return (LOSSES as readonly string[]).includes(id) ? id : null;
}

/**
 * Completes an imported layer graph into a project: a Dataset before the (first) Input, chosen by
 * the input shape where a built-in dataset fits (else left for the user to point at their data), and
 * a Loss and Optimizer after the (first) output. Lays the graph out top to bottom.
 */
export function assembleProject(args: {
  name: string;
  layers: GraphNode[];
  edges: GraphEdge[];
  inputs: string[];
  outputs: string[];
  loss: string | null;
  weights: NamedWeight[];
  weightNodes: string[];
  ids: IdMaker;
  warnings: string[];
}): ImportedModel {
  const { layers, edges, inputs, outputs, ids, warnings } = args;
  const nodes: GraphNode[] = [];
  const input = layers.find((n) => n.id === inputs[0]);
  const shape =
    input && Array.isArray(input.params['shape']) ? (input.params['shape'] as number[]).join(',') : '';
  const builtin = DATASET_BY_SHAPE.find(([s]) => s === shape)?.[1];
  const dataset: GraphNode = {
    id: ids.make('dataset'),
    type: 'Dataset',
    params: builtin ? { source: builtin } : { source: 'csv' },
  };
  nodes.push(dataset, ...layers);
  const all: GraphEdge[] = [...edges];
  let n = edges.length;
  const edgeId = () => `e${++n}`;
  if (input) all.unshift({ id: edgeId(), source: dataset.id, target: input.id });
  if (inputs.length > 1)
    warnings.push(
      `The model has ${inputs.length} inputs; Layerloom trains one, so only "${inputs[0]}" gets the data.`,
    );
  const output = outputs[0];
  const outNode = layers.find((x) => x.id === output);
  const activation = outNode?.params['activation'] ?? (outNode?.type === 'Softmax' ? 'softmax' : null);
  const loss =
    lossId(args.loss) ??
    (activation === 'softmax'
      ? 'categoricalCrossentropy'
      : activation === 'sigmoid'
        ? 'binaryCrossentropy'
        : 'meanSquaredError');
  const lossNode: GraphNode = { id: ids.make('loss'), type: 'Loss', params: { loss } };
  const opt: GraphNode = { id: ids.make('optimizer'), type: 'Optimizer', params: { optimizer: 'adam' } };
  nodes.push(lossNode, opt);
  if (output) all.push({ id: edgeId(), source: output, target: lossNode.id });
  if (outputs.length > 1)
    warnings.push(`The model has ${outputs.length} outputs; the Loss is wired to "${output}" only.`);
  all.push({ id: edgeId(), source: lossNode.id, target: opt.id });
  const positions = layoutTopToBottom(nodes, all);
  for (const node of nodes) node.position = positions.get(node.id) ?? { x: 0, y: 0 };
  const document: GraphDocument = {
    format: FORMAT_NAME,
    version: CURRENT_VERSION,
    name: args.name,
    nodes,
    edges: all,
  };
  if (args.weightNodes.length > 0)
    document.weights = {
      manifest: sidecarManifestPath(`${args.name || 'model'}.layerloom`),
      nodes: args.weightNodes,
    };
  return { document, weights: args.weights, warnings };
}
