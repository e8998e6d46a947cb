import { CLASSIFICATION_LOSSES, type LossId } from '../catalogue/identifiers';
import type { GraphEdge, GraphNode, JsonValue } from '../document/types';
import type { GraphIndex } from './graph-index';
import { nodeName, showShape } from './names';
import type { Diagnostic, DatasetInfo, NodeAnalysis } from './types';

export interface LabelCheckInput {
  index: GraphIndex;
  nodes: Record<string, NodeAnalysis>;
  params: Map<string, Record<string, JsonValue>>;
  outputId: string;
  lossId: string;
  info: DatasetInfo;
  /** How messages name the data, e.g. "Iris". */
  title: string;
}

/** Kinds that keep the shape, so the last unit-setting or activating layer can be found behind them. */
const PASS_THROUGH = new Set(['Dropout', 'BatchNormalization']);
const UNIT_KINDS = new Set(['Dense', 'SimpleRNN', 'LSTM', 'GRU']);

/** Walks back from the output through shape-keeping nodes while `stop` says nothing. */
function walkBack<T>(
  inp: LabelCheckInput,
  stop: (n: GraphNode, p: Record<string, JsonValue>) => T | undefined,
): T | undefined {
  let id: string | undefined = inp.outputId;
  for (let guard = 0; id && guard < 10_000; guard++) {
    const node = inp.index.byId.get(id);
    if (!node) return undefined;
    const found = stop(node, inp.params.get(id) ?? {});
    if (found !== undefined) return found;
    const ins: readonly GraphEdge[] = inp.index.incoming.get(id) ?? [];
    if (ins.length !== 1) return undefined;
    id = ins[0]?.source;
  }
  return undefined;
}

interface FinalActivation {
  activation: string;
  node: GraphNode;
  /** The node's `activation` param can be set to fix it. */
  settable: boolean;
}

function finalActivation(inp: LabelCheckInput): FinalActivation | undefined {
  return walkBack<FinalActivation>(inp, (node, p) => {
    if (PASS_THROUGH.has(node.type)) return undefined;
    if (node.type === 'Softmax') return { activation: 'softmax', node, settable: false };
    if (typeof p.activation === 'string') return { activation: p.activation, node, settable: true };
    // Layers with no activation of their own end the model linearly (or with their fixed function).
    return {
      activation:
        node.type === 'LeakyReLU' || node.type === 'ELU' || node.type === 'PReLU' ? node.type : 'linear',
      node,
      settable: false,
    };
  });
}

const ACTIVATION_KINDS = new Set(['Activation', 'Softmax', 'LeakyReLU', 'ELU', 'PReLU']);

/** The layer whose `units` sets the output size, behind activations and dropout; null: none (e.g. Flatten). */
function unitsNode(inp: LabelCheckInput): GraphNode | undefined {
  const found = walkBack<GraphNode | null>(inp, (node) => {
    if (UNIT_KINDS.has(node.type)) return node;
    if (PASS_THROUGH.has(node.type) || ACTIVATION_KINDS.has(node.type)) return undefined;
    return null;
  });
  return found ?? undefined;
}

/** Does the model's output fit the dataset's labels, and does the loss fit the task and last activation? */
export function checkLabels(inp: LabelCheckInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  const lossNode = inp.index.byId.get(inp.lossId) as GraphNode;
  const lossName = nodeName(lossNode);
  const loss = inp.params.get(inp.lossId)?.loss as LossId;
  const { info, title } = inp;
  const isClassLoss = CLASSIFICATION_LOSSES.includes(loss);

  if (info.task === 'regression' && isClassLoss) {
    out.push({
      nodeId: inp.lossId,
      field: 'loss',
      severity: 'error',
      message: `${lossName} uses ${loss}, but ${title} has numbers to predict (regression), not classes: use meanSquaredError or meanAbsoluteError`,
      fix: {
        kind: 'setParam',
        label: 'Use meanSquaredError',
        nodeId: inp.lossId,
        field: 'loss',
        value: 'meanSquaredError',
      },
    });
  } else if (info.task === 'classification' && !isClassLoss) {
    out.push({
      nodeId: inp.lossId,
      field: 'loss',
      severity: 'info',
      message: `${lossName} uses ${loss} on ${title}'s classes; categoricalCrossentropy with a softmax output usually trains better`,
    });
  }

  if (loss === 'binaryCrossentropy' && info.task === 'classification' && info.numClasses > 2) {
    // Accepted by tfjs, but it scores every class as its own yes/no: a 10-way softmax then learns
    // badly and "accuracy" stops meaning which class was picked.
    out.push({
      nodeId: inp.lossId,
      field: 'loss',
      severity: 'warning',
      message: `${lossName} uses binaryCrossentropy, which is for two classes, but ${title} has ${info.numClasses}: use categoricalCrossentropy`,
      fix: {
        kind: 'setParam',
        label: 'Use categoricalCrossentropy',
        nodeId: inp.lossId,
        field: 'loss',
        value: 'categoricalCrossentropy',
      },
    });
  }

  const shape = inp.nodes[inp.outputId]?.outputShape;
  if (!shape) return out;
  const dims = shape.slice(1) as number[];
  if (dims.length !== 1) {
    out.push({
      nodeId: inp.lossId,
      field: 'inputs',
      severity: 'error',
      message: `${lossName} gets ${showShape(dims)}, but ${title}'s labels need a vector of ${info.task === 'regression' ? 1 : info.numClasses}: end the model with Flatten and Dense`,
    });
    return out;
  }
  const size = dims[0] as number;
  const binaryOk = loss === 'binaryCrossentropy' && info.numClasses === 2 && size === 1;
  const want = info.task === 'regression' ? 1 : info.numClasses;
  if (size !== want && !binaryOk) {
    const target = unitsNode(inp);
    const what = info.task === 'regression' ? 'one number to predict' : `${want} classes`;
    out.push({
      nodeId: target?.id ?? inp.lossId,
      field: target ? 'units' : 'inputs',
      severity: 'error',
      message: `${target ? nodeName(target) : lossName} gives ${size} output${size === 1 ? '' : 's'} but ${title} has ${what}${target ? `: set units to ${want}` : ''}`,
      ...(target
        ? {
            fix: {
              kind: 'setParam' as const,
              label: `Set units to ${want} to match ${title}`,
              nodeId: target.id,
              field: 'units',
              value: want,
            },
          }
        : {}),
    });
  }
  out.push(...activationAdvice(inp, loss, size));
  return out;
}

function activationAdvice(inp: LabelCheckInput, loss: LossId, size: number): Diagnostic[] {
  const fin = finalActivation(inp);
  if (!fin) return [];
  const name = nodeName(fin.node);
  const advise = (want: string, why: string): Diagnostic => ({
    nodeId: fin.node.id,
    ...(fin.settable ? { field: 'activation' } : {}),
    severity: 'warning',
    message: `${name} ends the model with ${fin.activation}, but ${loss} ${why}: use ${want}`,
    ...(fin.settable
      ? {
          fix: {
            kind: 'setParam' as const,
            label: `Use ${want}`,
            nodeId: fin.node.id,
            field: 'activation',
            value: want,
          },
        }
      : {}),
  });
  if (
    (loss === 'categoricalCrossentropy' || loss === 'sparseCategoricalCrossentropy') &&
    fin.activation !== 'softmax'
  ) {
    return [advise('softmax', 'expects class probabilities that sum to 1')];
  }
  if (
    loss === 'binaryCrossentropy' &&
    fin.activation !== 'sigmoid' &&
    !(fin.activation === 'softmax' && size > 1)
  ) {
    return [advise('sigmoid', 'expects probabilities between 0 and 1')];
  }
  if (fin.activation === 'softmax' && size === 1) {
    return [
      {
        nodeId: fin.node.id,
        field: fin.settable ? 'activation' : undefined,
        severity: 'warning',
        message: `${name} applies softmax to a single output, which is always 1: use sigmoid or linear`,
      },
    ];
  }
  if (inp.info.task === 'regression' && ['softmax', 'sigmoid'].includes(fin.activation)) {
    return [advise('linear', `predicts unbounded numbers, while ${fin.activation} squashes the output`)];
  }
  return [];
}
