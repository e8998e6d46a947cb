import { Dataset as DatasetSpec } from '../catalogue/data';
import type { JsonValue } from '../document/types';
import type { GraphDocument, GraphNode } from '../document/types';
import { createRng, permutation } from './builtin/random';
import { isBuiltinSource, loadBuiltinDataset, type AssetReader } from './builtin/index';
import { sampleSize, type Dataset, type Splits, type Task } from './types';
import type { BatchAugmenter } from './augment';
import {
  applyNormalizeSteps,
  applySampleSteps,
  augmenterFor,
  isDataStep,
  type DataStep,
  type FittedNormalize,
} from './chain';
import { loadImportedDataset, type ImportIO } from './sources';
import { capMessage } from './excerpt';

/** How the pipeline reaches bytes; Node (fs) and the browser worker (fetch / host contract) each provide one. */
export interface DataIO extends AssetReader, ImportIO {
  /** Bytes of a user file, e.g. a CSV; `path` as written in the Dataset node (relative to the project). */
  readFile(path: string): Promise<Uint8Array>;
}

export interface PreparedSplit {
  count: number;
  /** count * product(featureShape) values, row-major. */
  x: Float32Array;
  /** Class index (classification) or target value (regression) per sample. */
  y: Float32Array;
}

export interface PreparedData {
  name: string;
  modality: Dataset['modality'];
  featureShape: number[];
  numClasses: number;
  classNames: string[];
  task: Task;
  train: PreparedSplit;
  validation: PreparedSplit;
  test: PreparedSplit;
  /** Indices into `source` for each split, so views can show the original samples. */
  splits: Splits;
  source: Dataset;
  /** The Dataset node the data came from. */
  datasetNodeId: string;
  /**
   * Augment nodes' per-batch transform. The training loop calls it on each training batch with
   * phase 'train'; evaluation never calls it (phase 'eval' returns the batch untouched).
   */
  augment?: BatchAugmenter;
  /** Statistics of the graph's Normalize nodes, in flow order (absent without Normalize nodes). */
  normalizers?: FittedNormalize[];
}

/** A user mistake in the data part of a graph; names the node and field at fault. */
export class DataPipelineError extends Error {
  constructor(
    message: string,
    readonly nodeId: string | null,
    readonly field?: string,
  ) {
    super(capMessage(message));
    this.name = 'DataPipelineError';
  }
}

export interface DatasetSettings {
  source: string;
  samples: number;
  noise: number;
  limit: number | null;
  validationSplit: number;
  testSplit: number;
  seed: number;
}

export async function loadDataForGraph(doc: GraphDocument, io: DataIO): Promise<PreparedData> {
  const { dataset: node, steps } = findDataChain(doc);
  const settings = datasetSettings(node);
  const loaded = await loadSource(node, settings, io);
  const dataset = applySampleSteps(loaded, steps, failOnNode);
  const prepared = prepare(dataset, settings, node.id);
  const normalizers = applyNormalizeSteps(prepared, prepared.featureShape, steps);
  if (normalizers.length > 0) prepared.normalizers = normalizers;
  const augment = augmenterFor(steps, prepared.featureShape, settings.seed);
  if (augment) prepared.augment = augment;
  return prepared;
}

const failOnNode = (message: string, nodeId: string | null, field?: string): never => {
  throw new DataPipelineError(message, nodeId, field);
};

/** The Dataset feeding the Input and the data nodes between them, in flow order. */
export function findDataChain(doc: GraphDocument): { dataset: GraphNode; steps: DataStep[] } {
  const dataset = findDatasetNode(doc);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const steps: DataStep[] = [];
  const seen = new Set<string>();
  let current = doc.nodes.find((n) => n.type === 'Input');
  while (current) {
    const id: string = current.id;
    const edge = doc.edges.find((e) => e.target === id);
    const upstream = edge ? byId.get(edge.source) : undefined;
    if (!upstream || upstream.id === dataset.id || seen.has(upstream.id)) break;
    seen.add(upstream.id);
    if (isDataStep(upstream)) steps.unshift(upstream);
    current = upstream;
  }
  return { dataset, steps };
}

/** The Dataset feeding the model's Input, through any chain of data nodes. */
export function findDatasetNode(doc: GraphDocument): GraphNode {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const input = doc.nodes.find((n) => n.type === 'Input');
  if (input) {
    const seen = new Set<string>();
    let current: GraphNode = input;
    for (;;) {
      const edge = doc.edges.find((e) => e.target === current.id);
      const upstream = edge ? byId.get(edge.source) : undefined;
      if (!upstream || seen.has(upstream.id)) break;
      seen.add(upstream.id);
      if (upstream.type === 'Dataset') return upstream;
      current = upstream;
    }
  }
  const datasets = doc.nodes.filter((n) => n.type === 'Dataset');
  if (datasets.length === 1) return datasets[0]!;
  if (datasets.length === 0)
    throw new DataPipelineError('The graph has no Dataset node: add one and wire it to the Input.', null);
  throw new DataPipelineError(
    `The graph has ${datasets.length} Dataset nodes and none is wired to the Input.`,
    null,
  );
}

function paramDefault(name: string): JsonValue {
  return DatasetSpec.params.find((p) => p.name === name)?.default ?? null;
}

function numberParam(node: GraphNode, name: string): number | null {
  const value = node.params[name] ?? paramDefault(name);
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DataPipelineError(
      `Dataset "${node.id}": ${name} must be a number, not ${JSON.stringify(value)}.`,
      node.id,
      name,
    );
  }
  return value;
}

export function datasetSettings(node: GraphNode): DatasetSettings {
  const source = node.params['source'] ?? paramDefault('source');
  if (typeof source !== 'string')
    throw new DataPipelineError(`Dataset "${node.id}": source must be a name.`, node.id, 'source');
  const settings: DatasetSettings = {
    source,
    samples: numberParam(node, 'samples') ?? 500,
    noise: numberParam(node, 'noise') ?? 0,
    limit: numberParam(node, 'limit'),
    validationSplit: numberParam(node, 'validationSplit') ?? 0,
    testSplit: numberParam(node, 'testSplit') ?? 0,
    seed: numberParam(node, 'seed') ?? 0,
  };
  for (const field of ['validationSplit', 'testSplit'] as const) {
    const v = settings[field];
    if (v < 0 || v >= 1)
      throw new DataPipelineError(
        `Dataset "${node.id}": ${field} must be at least 0 and below 1, not ${v}.`,
        node.id,
        field,
      );
  }
  if (settings.validationSplit + settings.testSplit >= 1) {
    throw new DataPipelineError(
      `Dataset "${node.id}": validationSplit + testSplit is ${settings.validationSplit + settings.testSplit}, leaving nothing to train on.`,
      node.id,
      'validationSplit',
    );
  }
  if (settings.limit !== null && settings.limit < 1) {
    throw new DataPipelineError(`Dataset "${node.id}": limit must be at least 1.`, node.id, 'limit');
  }
  return settings;
}

async function loadSource(node: GraphNode, settings: DatasetSettings, io: DataIO): Promise<Dataset> {
  if (isBuiltinSource(settings.source)) return loadBuiltinDataset(settings.source, settings, io);
  if (settings.source === 'csv' || settings.source === 'images')
    return loadImportedDataset(node, io, failOnNode);
  throw new DataPipelineError(
    `Dataset "${node.id}": source "${settings.source}" cannot be loaded by this build.`,
    node.id,
    'source',
  );
}

/**
 * Applies `limit` (the first N samples, so a limit picks the same samples whatever the seed),
 * then a seeded permutation that assigns validation, test and train in that order.
 */
export function prepare(dataset: Dataset, settings: DatasetSettings, datasetNodeId: string): PreparedData {
  const count = settings.limit === null ? dataset.count : Math.min(dataset.count, Math.floor(settings.limit));
  const order = permutation(count, createRng(settings.seed));
  const nVal = Math.floor(count * settings.validationSplit);
  const nTest = Math.floor(count * settings.testSplit);
  if (count - nVal - nTest < 1) {
    throw new DataPipelineError(
      `Dataset "${datasetNodeId}": only ${count} samples, none left for training after the splits.`,
      datasetNodeId,
      'limit',
    );
  }
  const splits: Splits = {
    validation: order.slice(0, nVal),
    test: order.slice(nVal, nVal + nTest),
    train: order.slice(nVal + nTest),
  };
  return {
    name: dataset.name,
    modality: dataset.modality,
    featureShape: [...dataset.featureShape],
    numClasses: dataset.numClasses,
    classNames: [...dataset.classNames],
    task: dataset.task,
    train: gatherSplit(dataset, splits.train),
    validation: gatherSplit(dataset, splits.validation),
    test: gatherSplit(dataset, splits.test),
    splits,
    source: dataset,
    datasetNodeId,
  };
}

export function gatherSplit(dataset: Dataset, indices: Int32Array): PreparedSplit {
  const size = sampleSize(dataset.featureShape);
  const x = new Float32Array(indices.length * size);
  const y = new Float32Array(indices.length);
  indices.forEach((idx, i) => {
    x.set(dataset.x.subarray(idx * size, (idx + 1) * size), i * size);
    y[i] = dataset.y[idx]!;
  });
  return { count: indices.length, x, y };
}
