import { locateJsonError } from '../document/jsonError';
import { readWeightsManifest, type ManifestContents } from '../weights/manifest';
import { WeightsError } from '../weights/named';
import { formatCount, IMPORT_LIMITS, ImportError } from './errors';

type Json = Record<string, unknown>;

/** One application of a Keras layer, with the layers whose outputs it takes, in order. */
export interface KerasLayer {
  name: string;
  className: string;
  config: Json;
  /** Names of the layers feeding this one (first application only). */
  inbound: string[];
  /** True when the layer is applied more than once (shared weights): Layerloom has one node per use. */
  shared: boolean;
}

export interface KerasTopology {
  /** `Sequential`, `Model`, or `Functional`. */
  className: string;
  name: string;
  layers: KerasLayer[];
  inputs: string[];
  outputs: string[];
  /** `training_config.loss` when the file has one (e.g. `categorical_crossentropy`). */
  loss: string | null;
}

export interface TfjsModelJson {
  topology: KerasTopology;
  manifest: ManifestContents;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads model.json: its Keras topology and weights manifest. Throws ImportError with one line. */
export function readTfjsModelJson(text: string, where = 'model.json'): TfjsModelJson {
  if (text.length > IMPORT_LIMITS.modelBytes)
    throw new ImportError(
      `${where} is ${formatCount(text.length)} bytes; the limit is ${formatCount(IMPORT_LIMITS.modelBytes)}.`,
    );
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch {
    const at = locateJsonError(source);
    throw new ImportError(
      at
        ? `${where} is not valid JSON at line ${at.line}, column ${at.column}: ${at.reason} (is the file cut short?).`
        : `${where} is not valid JSON.`,
    );
  }
  if (!isObject(json) || !isObject(json['modelTopology'])) {
    const graph = isObject(json) && json['format'] === 'graph-model';
    throw new ImportError(
      graph
        ? `${where} is a tfjs graph model (a frozen TensorFlow graph); only layers models (Keras topology) can be imported.`
        : `${where} is not a tfjs layers model: it has no "modelTopology".`,
    );
  }
  let manifest: ManifestContents;
  try {
    manifest = readWeightsManifest(json['weightsManifest'] ?? [], where);
  } catch (error) {
    throw new ImportError(error instanceof WeightsError ? `${error.message}.` : String(error));
  }
  return { topology: readTopology(json['modelTopology'], where), manifest };
}

function readTopology(raw: Json, where: string): KerasTopology {
  // tensorflowjs_converter wraps Keras's model config: { keras_version, model_config, training_config }.
  const model = isObject(raw['model_config']) ? raw['model_config'] : raw;
  const training = raw['training_config'] ?? (raw as Json)['trainingConfig'];
  const loss = isObject(training) && typeof training['loss'] === 'string' ? training['loss'] : null;
  const className = String(model['class_name'] ?? '');
  const config = model['config'];
  if (className === 'Sequential') {
    const list = Array.isArray(config) ? config : isObject(config) ? config['layers'] : undefined;
    if (!Array.isArray(list)) throw new ImportError(`${where}: the Sequential model has no list of layers.`);
    checkCount(list.length, where);
    const name = isObject(config) && typeof config['name'] === 'string' ? config['name'] : 'model';
    return { ...sequential(list, where), className, name, loss };
  }
  if (className === 'Model' || className === 'Functional') {
    if (!isObject(config) || !Array.isArray(config['layers']))
      throw new ImportError(`${where}: the ${className} model has no list of layers.`);
    checkCount(config['layers'].length, where);
    const layers = config['layers'].map((l, i) => functionalLayer(l, i, where));
    return {
      className,
      name: typeof config['name'] === 'string' ? config['name'] : 'model',
      layers,
      inputs: endpointNames(config['input_layers']),
      outputs: endpointNames(config['output_layers']),
      loss,
    };
  }
  throw new ImportError(
    `${where}: the model class is ${JSON.stringify(className)}; only Sequential and functional (Model) layers models can be imported.`,
  );
}

function checkCount(count: number, where: string) {
  if (count > IMPORT_LIMITS.nodes)
    throw new ImportError(
      `${where} has ${formatCount(count)} layers; Layerloom imports at most ${formatCount(IMPORT_LIMITS.nodes)} (a larger canvas cannot be edited).`,
    );
}

function layerHeader(
  raw: unknown,
  index: number,
  where: string,
): { className: string; config: Json; name: string } {
  if (!isObject(raw) || typeof raw['class_name'] !== 'string')
    throw new ImportError(`${where}: layers[${index}] has no "class_name".`);
  const config = isObject(raw['config']) ? raw['config'] : {};
  const name =
    typeof raw['name'] === 'string' ? raw['name'] : typeof config['name'] === 'string' ? config['name'] : '';
  if (!name) throw new ImportError(`${where}: layers[${index}] (${raw['class_name']}) has no name.`);
  return { className: raw['class_name'], config, name };
}

/** A Sequential list becomes a chain; a first layer with an input shape gets an InputLayer before it. */
function sequential(list: unknown[], where: string): Omit<KerasTopology, 'className' | 'name' | 'loss'> {
  const layers: KerasLayer[] = [];
  const first = list[0] !== undefined ? layerHeader(list[0], 0, where) : null;
  if (first && first.className !== 'InputLayer') {
    const shape = first.config['batch_input_shape'] ?? first.config['batch_shape'];
    if (Array.isArray(shape))
      layers.push({
        name: `${first.name}_input`,
        className: 'InputLayer',
        config: { batch_input_shape: shape },
        inbound: [],
        shared: false,
      });
  }
  list.forEach((raw, i) => {
    const { className, config, name } = layerHeader(raw, i, where);
    const prev = layers[layers.length - 1];
    layers.push({ name, className, config, inbound: prev ? [prev.name] : [], shared: false });
  });
  const firstLayer = layers[0];
  const last = layers[layers.length - 1];
  return { layers, inputs: firstLayer ? [firstLayer.name] : [], outputs: last ? [last.name] : [] };
}

function functionalLayer(raw: unknown, index: number, where: string): KerasLayer {
  const { className, config, name } = layerHeader(raw, index, where);
  const nodes = isObject(raw) && Array.isArray(raw['inbound_nodes']) ? raw['inbound_nodes'] : [];
  return {
    name,
    className,
    config,
    inbound: nodes.length > 0 ? historyNames(nodes[0]) : [],
    shared: nodes.length > 1,
  };
}

/**
 * The layer names one inbound node refers to. Keras 2 writes `[[name, nodeIndex, tensorIndex, kwargs], …]`;
 * Keras 3 writes `{ args: [{ class_name: "__keras_tensor__", config: { keras_history: [name, …] } }] }`.
 */
function historyNames(node: unknown): string[] {
  const out: string[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) {
      if (typeof v[0] === 'string' && typeof v[1] === 'number') out.push(v[0]);
      else v.forEach(visit);
    } else if (isObject(v)) {
      if (Array.isArray(v['keras_history']) && typeof v['keras_history'][0] === 'string')
        out.push(v['keras_history'][0]);
      else Object.values(v).forEach(visit);
    }
  };
  visit(node);
  return out;
}

function endpointNames(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  if (typeof raw[0] === 'string') return [raw[0]]; // a single [name, 0, 0]
  return raw.flatMap((e) => (Array.isArray(e) && typeof e[0] === 'string' ? [e[0]] : []));
}
