import './tfjs-setup';
import * as tfl from '@tensorflow/tfjs-layers';
import type { SymbolicTensor } from '@tensorflow/tfjs-layers';
import {
  CATALOGUE,
  CLASSIFICATION_LOSSES,
  LAYER_FLOPS,
  LOSSES,
  resolveParams,
  type FlopsKind,
  type LossId,
} from '../catalogue/index';
import type { GraphAnalysis } from '../analysis/types';
import { datasetSettings, findDatasetNode } from '../data/pipeline';
import type { Task } from '../data/types';
import type { GraphDocument, GraphNode, JsonValue, NodeType } from '../document/types';
import type { NamedWeight } from '../weights/named';
import { applyCarriedWeights } from './carried';
import { makeLayer } from './layers';
import { reseedBackward } from './layers-more';
import { labelEncodingFor, lossFunction } from './losses';
import { readOptimizerConfig } from './optimizers';
import { modelPath, type ModelPath } from './order';
import { MAX_MODEL_DEPTH } from '../analysis/limits';
import { CompileError, type CompiledGraph } from './types';

export * from './types';
export { createOptimizer, learningRateAt, readOptimizerConfig, setLearningRate } from './optimizers';
export { labelEncodingFor, lossFunction } from './losses';
export { makeLayer, NON_LAYER_KINDS } from './layers';
export { applyCarriedWeights } from './carried';
export { modelPath, orderedInputs, type ModelPath } from './order';

export interface CompileOptions {
  /** When given, its Input shape is used and an invalid analysis is refused. */
  analysis?: GraphAnalysis;
  /** Shape of one sample as the loaded data has it; wins over everything else. */
  featureShape?: readonly number[];
  /** From the loaded data; decides label encoding (regression → values). Default: classification. */
  task?: Task;
  /**
   * Weights carried with the project (its sidecar, or an import): the nodes the document lists in
   * `weights.nodes` start from these instead of a fresh initialisation.
   */
  weights?: readonly NamedWeight[];
}

const BUILTIN_SHAPES: Record<string, number[]> = {
  mnist: [28, 28, 1],
  iris: [4],
  spiral: [2],
  circles: [2],
  xor: [2],
  gaussian: [2],
};

function inputShape(doc: GraphDocument, input: GraphNode, options: CompileOptions): number[] {
  if (options.featureShape) return [...options.featureShape];
  const declared = resolveParams(input)['shape'];
  if (Array.isArray(declared) && declared.length > 0) return declared as number[];
  const analysed = options.analysis?.nodes[input.id]?.outputShape;
  if (analysed && analysed.slice(1).every((d) => typeof d === 'number')) return analysed.slice(1) as number[];
  const builtin = BUILTIN_SHAPES[datasetSettings(findDatasetNode(doc)).source];
  if (builtin) return builtin;
  throw new CompileError(
    `Input "${input.id}": its shape is unknown; set it or load the data first.`,
    input.id,
    'shape',
  );
}

/**
 * Turns a graph into a tfjs functional model plus everything the trainer needs. Layer names are
 * node ids; weights are seeded from the Optimizer's `seed`, so the same graph and seed always
 * start from the same weights.
 */
export function compileGraph(doc: GraphDocument, options: CompileOptions = {}): CompiledGraph {
  if (options.analysis && !options.analysis.valid) {
    const first = options.analysis.diagnostics.find((d) => d.severity === 'error');
    throw new CompileError(first?.message ?? 'The graph has errors.', first?.nodeId ?? null, first?.field);
  }
  const path = modelPath(doc);
  refuseTooDeep(path);
  const optimizerConfig = readOptimizerConfig(path.optimizer.id, resolveParams(path.optimizer));
  const input = tfl.input({ shape: inputShape(doc, path.input, options), name: path.input.id });
  const outputs = new Map<string, SymbolicTensor>([[path.input.id, input]]);
  const dropoutLayers: CompiledGraph['dropoutLayers'] = [];
  let flopsPerSample = 0;
  for (const node of path.layers) {
    if (CATALOGUE[node.type].category === 'Data') {
      throw new CompileError(
        `${node.type} "${node.id}" belongs before the Input, not inside the model.`,
        node.id,
      );
    }
    const ins = (path.inputsOf.get(node.id) ?? []).map((src) => outputs.get(src)!);
    const params = resolveParams(node);
    // tfjs leaves Reshape's -1 unknown whenever the batch size is (always, here), and a Flatten,
    // Dense or LSTM after it then fails to build; the input is known, so fill the -1 in.
    if (node.type === 'Reshape')
      params['targetShape'] = fillReshapeHole(params['targetShape'], ins[0]?.shape);
    const layer = makeLayer(node.type, node.id, params, optimizerConfig.seed);
    if (node.type === 'Dropout')
      dropoutLayers.push(layer as unknown as { name: string; seed: number | undefined });
    try {
      const out = layer.apply(ins.length === 1 ? ins[0]! : ins) as SymbolicTensor;
      outputs.set(node.id, out);
      flopsPerSample += layerFlops(node.type, params, ins, out);
      if (node.type === 'Bidirectional') reseedBackward(layer, node.id, optimizerConfig.seed);
      // After build, so the weights' own flags follow too (tfjs sets them from the layer's).
      if (params['trainable'] === false) layer.trainable = false;
    } catch (err) {
      // tfjs checks shapes while wiring; surface its reason against the node that caused it.
      throw new CompileError(
        `${node.type} "${node.id}": ${err instanceof Error ? err.message : String(err)}`,
        node.id,
      );
    }
  }
  const output = outputs.get(path.output.id)!;
  const model = tfl.model({ inputs: input, outputs: output, name: modelName(doc.name) });
  const carried = applyCarriedWeights(model, doc, options.weights ?? []);

  const lossParams = resolveParams(path.loss);
  const lossId = lossParams['loss'] as LossId;
  if (!(LOSSES as readonly string[]).includes(lossId))
    throw new CompileError(
      `Loss "${path.loss.id}": unknown loss ${JSON.stringify(lossId)}.`,
      path.loss.id,
      'loss',
    );
  const outputUnits = output.shape[output.shape.length - 1] ?? 1;
  const labelEncoding = labelEncodingFor(lossId, options.task ?? 'classification', outputUnits);
  const delta = typeof lossParams['delta'] === 'number' ? lossParams['delta'] : 1;
  return {
    model,
    lossId,
    loss: lossFunction(lossId, { delta, outputUnits, encoding: labelEncoding }),
    optimizerConfig,
    metrics: CLASSIFICATION_LOSSES.includes(lossId) ? ['acc'] : [],
    labelEncoding,
    outputUnits,
    dropoutLayers,
    carried,
    flopsPerSample,
  };
}

/** The catalogue's FLOPs count of a wired layer, from the shapes tfjs gave its tensors. */
function layerFlops(
  type: NodeType,
  params: Record<string, JsonValue>,
  ins: readonly SymbolicTensor[],
  out: SymbolicTensor,
): number {
  if (!(type in LAYER_FLOPS)) return 0;
  return LAYER_FLOPS[type as FlopsKind]({ params, inputs: ins.map((t) => t.shape), output: out.shape });
}

/** tfjs builds a model recursively: past MAX_MODEL_DEPTH it would die with a stack overflow. */
function refuseTooDeep(path: ModelPath): void {
  const depth = new Map<string, number>([[path.input.id, 0]]);
  for (const node of path.layers) {
    let d = 0;
    for (const src of path.inputsOf.get(node.id) ?? []) d = Math.max(d, depth.get(src) ?? 0);
    depth.set(node.id, d + 1);
    if (d + 1 > MAX_MODEL_DEPTH)
      throw new CompileError(
        `The model is more than ${MAX_MODEL_DEPTH} layers deep in a chain (at ${node.type} "${node.id}"); tfjs cannot build more than ${MAX_MODEL_DEPTH}: shorten the chain.`,
        node.id,
        'inputs',
      );
  }
}

function fillReshapeHole(target: JsonValue | undefined, input: readonly (number | null)[] | undefined) {
  if (!Array.isArray(target) || !input || !target.includes(-1)) return target ?? null;
  const dims = input.slice(1);
  if (!dims.every((d): d is number => typeof d === 'number')) return target;
  const total = dims.reduce((a, b) => a * b, 1);
  const known = (target as number[]).filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  return target.map((d) => (d === -1 ? total / known : d));
}

/** tfjs model names end up in weight names and model.json; keep them to safe characters. */
function modelName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '');
  return safe || 'layerloom_model';
}
