import { isFreezable } from '../catalogue/index';
import { kerasPenalties } from './regularizers';
import type { GraphEdge, GraphNode, JsonValue } from '../document/types';
import { decodeWeights, WeightsError, type NamedWeight } from '../weights/named';
import { joinShards } from '../weights/manifest';
import { assembleProject, checkAcyclic, IdMaker, withoutDefaults, type ImportedModel } from './assemble';
import { formatCount, IMPORT_LIMITS, ImportError } from './errors';
import { mapKerasLayer } from './keras-layers';
import type { KerasLayer, TfjsModelJson } from './tfjs-topology';

export interface TfjsImportOptions {
  /** The project's name; default: the model's name in model.json. */
  name?: string;
  /** Names model.json in messages. */
  where?: string;
}

const MULTI_INPUT = new Set(['Add', 'Concatenate', 'Multiply', 'Average', 'Unsupported']);

function inputShape(layer: KerasLayer): number[] | null {
  const shape =
    layer.config['batch_input_shape'] ?? layer.config['batch_shape'] ?? layer.config['batchInputShape'];
  if (!Array.isArray(shape)) return null;
  const dims = shape.slice(1);
  return dims.every((d) => typeof d === 'number' && Number.isInteger(d) && d > 0) ? (dims as number[]) : null;
}

function toNode(layer: KerasLayer, id: string): GraphNode {
  if (layer.className === 'InputLayer') {
    const shape = inputShape(layer);
    return { id, type: 'Input', params: shape ? { shape } : {} };
  }
  const mapped = layer.shared
    ? { unsupported: 'it is applied more than once (shared weights); a Layerloom node is one application' }
    : mapKerasLayer(layer.className, layer.config);
  if ('unsupported' in mapped)
    return {
      id,
      type: 'Unsupported',
      params: {
        op: layer.className,
        source: 'Keras layer',
        reason: mapped.unsupported,
        config: layer.config as JsonValue,
      },
    };
  const params = {
    ...withoutDefaults(mapped.type, mapped.params),
    ...kerasPenalties(mapped.type, layer.config),
  };
  if (layer.config['trainable'] === false && isFreezable(mapped.type)) params['trainable'] = false;
  return { id, type: mapped.type, params };
}

/**
 * Weights of the source layer `name/…/weight` become `<node id>/<weight>`: Keras nests cell weights
 * (`lstm/lstm_cell/kernel`), Layerloom names them after the node. The longest matching layer name wins.
 */
function renameWeights(
  weights: NamedWeight[],
  idOf: Map<string, string>,
  nodeOf: Map<string, GraphNode>,
  warnings: string[],
) {
  const names = [...idOf.keys()].sort((a, b) => b.length - a.length);
  const out: NamedWeight[] = [];
  for (const w of weights) {
    const layer = names.find((n) => w.name.startsWith(`${n}/`));
    if (!layer) {
      warnings.push(`Weight "${w.name}" belongs to no layer of the model; it was not imported.`);
      continue;
    }
    const leaf = w.name.slice(w.name.lastIndexOf('/') + 1).replace(/:\d+$/, '');
    // Bidirectional keeps one set per direction: `bi/forward_lstm_1/lstm_cell/kernel` → `bi/forward_lstm/kernel`.
    const node = nodeOf.get(layer);
    const direction = /\/(forward|backward)_/.exec(w.name.slice(layer.length))?.[1];
    const inner =
      node?.type === 'Bidirectional' && direction
        ? `${direction}_${String(node.params['layer'] ?? 'LSTM').toLowerCase()}/`
        : '';
    out.push({ name: `${idOf.get(layer)}/${inner}${leaf}`, shape: w.shape, data: w.data });
  }
  return out;
}

/**
 * A tfjs layers model (model.json already read, its weight shards in manifest order) as a Layerloom
 * project with the weights it carries. Layers without a Layerloom node become `Unsupported` nodes
 * where they were; files that cannot be read as a model throw ImportError with one line.
 */
export function importTfjsLayers(
  model: TfjsModelJson,
  shards: readonly Uint8Array[],
  options: TfjsImportOptions = {},
): ImportedModel {
  const where = options.where ?? 'model.json';
  const total = shards.reduce((n, s) => n + s.byteLength, 0);
  if (total > IMPORT_LIMITS.weightBytes)
    throw new ImportError(
      `The weight files hold ${formatCount(total)} bytes; the limit is ${formatCount(IMPORT_LIMITS.weightBytes)}.`,
    );
  let raw: NamedWeight[];
  try {
    raw = decodeWeights(model.manifest.specs, joinShards(shards));
  } catch (error) {
    if (error instanceof WeightsError)
      throw new ImportError(
        `${where}: ${error.message} (a weight file is cut short or is not the one ${where} names).`,
      );
    throw error;
  }
  const { topology } = model;
  const ids = new IdMaker();
  const idOf = new Map<string, string>();
  for (const layer of topology.layers) {
    if (idOf.has(layer.name)) throw new ImportError(`${where}: two layers are named "${layer.name}".`);
    idOf.set(layer.name, ids.make(layer.name));
  }
  const nodes = topology.layers.map((l) => toNode(l, idOf.get(l.name)!));
  const edges: GraphEdge[] = [];
  topology.layers.forEach((layer, i) => {
    const node = nodes[i]!;
    layer.inbound.forEach((src, k) => {
      const source = idOf.get(src);
      if (!source)
        throw new ImportError(
          `${where}: layer "${layer.name}" takes input from "${src}", which is not in the model.`,
        );
      const edge: GraphEdge = { id: `e${edges.length + 1}`, source, target: node.id };
      if (MULTI_INPUT.has(node.type) && layer.inbound.length > 1) edge.targetHandle = `in${k}`;
      edges.push(edge);
    });
  });
  checkAcyclic(nodes, edges, where);
  const warnings: string[] = [];
  const nodeOf = new Map(topology.layers.map((l, i) => [l.name, nodes[i]!]));
  const weights = renameWeights(raw, idOf, nodeOf, warnings);
  const carrying = new Set(weights.map((w) => w.name.slice(0, w.name.indexOf('/'))));
  const weightNodes = nodes.filter((n) => carrying.has(n.id) && n.type !== 'Unsupported').map((n) => n.id);
  const mapId = (names: string[]) =>
    names.map((n) => idOf.get(n)).filter((x): x is string => x !== undefined);
  return assembleProject({
    name: options.name ?? topology.name,
    layers: nodes,
    edges,
    inputs: mapId(topology.inputs),
    outputs: mapId(topology.outputs),
    loss: topology.loss,
    weights,
    weightNodes,
    ids,
    warnings,
  });
}
