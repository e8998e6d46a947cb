import { isFrozen, resolveParams } from '../../catalogue/index';
import { modelPath, type ModelPath } from '../../compile/order';
import type { GraphDocument, GraphNode, JsonValue } from '../../document/types';
import type { NamedWeight } from '../../weights/named';
import { weightsByNode } from '../../weights/named';
import {
  emitActivationNode,
  emitDense,
  emitDropout,
  emitEmbedding,
  emitFlatten,
  emitGlobalAveragePooling,
  emitMerge,
  emitPReLU,
  emitReshape,
} from './emit-core';
import {
  emitGlobalMax,
  emitLayerNorm,
  emitPadCrop,
  emitPermute,
  emitRepeatVector,
  emitUpSampling,
} from './emit-more';
import { emitDepthwiseOrSeparable, emitConvTranspose } from './emit-conv-more';
import { emitBidirectional, emitRecurrent } from './emit-recurrent';
import { emitBatchNorm, emitConv, emitPool, type In } from './emit-spatial';
import { helperCode } from './helpers-py';
import { toChannelsLast } from './layout';
import { pythonNames } from './names';
import { nodePenalties, type Penalty } from './penalties';
import type { NpyArray } from './npy';
import { NodeWeights } from './tensors';
import { PytorchExportError, type EmittedNode, type Layout } from './types';

export interface ModelRow {
  id: string;
  type: string;
  name: string;
  code: string;
  summary: string;
}

export interface ModelPlan {
  source: string;
  state: Record<string, NpyArray>;
  rows: ModelRow[];
  notes: string[];
  path: ModelPath;
  /** Keras shape (no batch) of what forward() returns. */
  outputShape: number[];
  /** L1/L2 penalties train.py adds to the loss. */
  penalties: Penalty[];
}

function reshapeTarget(p: Record<string, JsonValue>, input: Layout, id: string): number[] {
  const target = Array.isArray(p['targetShape']) ? (p['targetShape'] as number[]) : [];
  const total = input.shape.reduce((a, b) => a * b, 1);
  const known = target.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const filled = target.map((d) => (d === -1 ? total / known : d));
  if (filled.reduce((a, b) => a * b, 1) !== total || filled.some((d) => !Number.isInteger(d)))
    throw new PytorchExportError(
      `Reshape "${id}": [${target.join(', ')}] cannot hold the ${total} values of [${input.shape.join(', ')}]`,
      'fix targetShape',
      id,
      'targetShape',
    );
  return filled;
}

function emit(node: GraphNode, ins: In[], w: NodeWeights): EmittedNode {
  const p = resolveParams(node);
  const one = ins[0]!;
  const id = node.id;
  switch (node.type) {
    case 'Dense':
      return emitDense(id, p, one, w);
    case 'Conv1D':
    case 'Conv2D':
      return emitConv(node.type, id, p, one, w);
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return emitPool(node.type, id, p, one);
    case 'GlobalAveragePooling2D':
      return emitGlobalAveragePooling(id, one);
    case 'Flatten':
      return emitFlatten(one);
    case 'Reshape':
      return emitReshape(p, one, reshapeTarget(p, one.l, id));
    case 'Dropout':
      return emitDropout(p, one);
    case 'BatchNormalization':
      return emitBatchNorm(id, p, one, w, isFrozen(node));
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU':
      return emitRecurrent(node.type, id, p, one, w);
    case 'Embedding':
      return emitEmbedding(id, p, one, w);
    case 'Add':
    case 'Multiply':
    case 'Average':
    case 'Concatenate':
      return emitMerge(node.type, id, p, ins);
    case 'Activation':
    case 'LeakyReLU':
    case 'ELU':
    case 'Softmax':
      return emitActivationNode(node.type, id, p, one);
    case 'PReLU':
      return emitPReLU(id, one, w);
    case 'GlobalMaxPooling1D':
    case 'GlobalMaxPooling2D':
      return emitGlobalMax(node.type, id, one);
    case 'ZeroPadding2D':
    case 'Cropping2D':
      return emitPadCrop(node.type, id, p, one);
    case 'UpSampling2D':
      return emitUpSampling(id, p, one);
    case 'Permute':
      return emitPermute(id, p, one);
    case 'RepeatVector':
      return emitRepeatVector(id, p, one);
    case 'LayerNormalization':
      return emitLayerNorm(id, p, one, w);
    case 'DepthwiseConv2D':
    case 'SeparableConv2D':
      return emitDepthwiseOrSeparable(node.type, id, p, one, w);
    case 'Conv2DTranspose':
      return emitConvTranspose(id, p, one, w);
    case 'Bidirectional':
      return emitBidirectional(id, p, one, w);
    case 'Unsupported':
      throw new PytorchExportError(
        `Unsupported "${id}": an import placeholder (${String(p['op'] || 'unknown op')}) has no computation to export`,
        'replace it with supported nodes',
        id,
        'op',
      );
    default:
      // Data nodes, Input, Loss and Optimizer never sit between the Input and the output, and a
      // kind added to the catalogue later is refused by name until it has a mapping here.
      throw new PytorchExportError(
        `${node.type} "${id}": the PyTorch export has no mapping for ${node.type} yet`,
        'replace it with supported layers',
        id,
        'type',
      );
  }
}

const indent = (lines: string[], n: number) => lines.map((l) => (l ? ' '.repeat(n) + l : l));

/** model.py's source and the state_dict (PyTorch layouts) for the trained weights. */
export function planModel(
  doc: GraphDocument,
  weights: readonly NamedWeight[],
  featureShape: number[],
): ModelPlan {
  // A graph without a model path throws CompileError (node + field), as training would.
  const path: ModelPath = modelPath(doc);
  const names = pythonNames([path.input.id, ...path.layers.map((n) => n.id)], path.input.id);
  const byNode = weightsByNode(weights);
  const layouts = new Map<string, Layout>([
    [path.input.id, { shape: [...featureShape], channelsFirst: false }],
  ]);
  const init: string[] = [];
  const frozen: string[] = [];
  const reinit: string[] = [];
  const forward: string[] = [];
  const helpers = new Set<string>();
  const state: Record<string, NpyArray> = {};
  const rows: ModelRow[] = [];
  const notes: string[] = [];
  const penalties: Penalty[] = [];
  for (const node of path.layers) {
    const name = names.get(node.id)!;
    const ins = (path.inputsOf.get(node.id) ?? []).map((src) => ({
      v: names.get(src)!,
      l: layouts.get(src)!,
    }));
    const e = emit(node, ins, new NodeWeights(node.id, node.type, byNode.get(node.id)));
    const expr = e.expr.replaceAll('{name}', name);
    penalties.push(...nodePenalties(node, resolveParams(node), name, e));
    const label = `${node.type} "${node.id}"${node.label ? ` (${node.label})` : ''}: ${e.summary}`;
    if (e.module) init.push(`# ${label}`, `self.${name} = ${e.module}`);
    for (const r of e.reinit ?? []) reinit.push(r.replaceAll('{name}', name));
    for (const f of e.frozen ?? []) frozen.push(`self.${name}.${f}.requires_grad_(False)`);
    if (isFrozen(node) && e.module)
      frozen.push(`self.${name}.requires_grad_(False)  # trainable is off in Layerloom`);
    forward.push(`${name} = ${expr}  # ${node.type} "${node.id}"`);
    for (const [k, v] of Object.entries(e.state)) state[`${name}.${k}`] = v;
    e.helpers.forEach((h) => helpers.add(h));
    notes.push(...e.notes);
    layouts.set(node.id, e.out);
    rows.push({ id: node.id, type: node.type, name, code: e.module ?? expr, summary: e.summary });
  }
  const outName = names.get(path.output.id)!;
  const outLayout = layouts.get(path.output.id)!;
  const ret = toChannelsLast(outName, outLayout);
  const helperBlocks = helperCode(helpers);
  const source = [
    `"""The Layerloom graph "${doc.name.replace(/"/g, "'")}" as a PyTorch module (written by layerloom export).`,
    '',
    `forward(x) takes what Layerloom feeds the graph, [N, ${featureShape.join(', ')}] (channels last),`,
    'and returns what the graph outputs. Attribute names are the Layerloom node ids."""',
    'from pathlib import Path',
    '',
    'import numpy as np',
    'import torch',
    'import torch.nn.functional as F',
    'from torch import nn',
    '',
    'WEIGHTS_FILE = Path(__file__).with_name("weights.npz")',
    '',
    ...helperBlocks.flatMap((h) => ['', h, '']),
    '',
    'class Model(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    ...indent(init, 8),
    ...indent(frozen, 8),
    '        init_like_keras(self)',
    ...indent(reinit, 8),
    '',
    '    def forward(self, x):',
    `        # Input "${path.input.id}": [N, ${featureShape.join(', ')}]`,
    ...indent(forward, 8),
    `        return ${ret}`,
    '',
    '',
    'def init_like_keras(model):',
    '    """Fresh weights drawn the way tfjs draws them (glorot-uniform kernels, zero biases), for train.py."""',
    '    for m in model.modules():',
    '        if isinstance(m, (nn.Linear, nn.Conv1d, nn.Conv2d, nn.ConvTranspose2d)):',
    '            nn.init.xavier_uniform_(m.weight)',
    '            if m.bias is not None:',
    '                nn.init.zeros_(m.bias)',
    '        elif isinstance(m, nn.Embedding):',
    '            nn.init.uniform_(m.weight, -0.05, 0.05)',
    '        elif isinstance(m, (nn.LSTM, nn.RNN)):',
    '            for name, p in m.named_parameters():',
    '                if name.startswith("weight_ih"):',
    '                    nn.init.xavier_uniform_(p)',
    '                elif name.startswith("weight_hh"):',
    '                    nn.init.orthogonal_(p)',
    '                else:',
    '                    nn.init.zeros_(p)',
    '',
    '',
    'def load_model(path=None, map_location="cpu"):',
    '    """The model with the exported weights (weights.npz), or with a train.py checkpoint (.pt)."""',
    '    model = Model()',
    '    path = Path(path) if path else WEIGHTS_FILE',
    '    if path.suffix == ".npz":',
    '        with np.load(path) as npz:',
    '            state = {k: torch.from_numpy(npz[k]) for k in npz.files}',
    '    else:',
    '        state = torch.load(path, map_location=map_location)["model"]',
    '    model.load_state_dict(state)',
    '    return model.eval()',
    '',
  ].join('\n');
  return { source, state, rows, notes, path, outputShape: [...outLayout.shape], penalties };
}
