import type { ActivationId } from '../../catalogue/identifiers';
import type { JsonValue } from '../../document/types';
import type { In } from './emit-spatial';
import { activationExpr, lastDim, toChannelsFirst, toChannelsLast, torchDim } from './layout';
import type { NodeWeights } from './tensors';
import { PytorchExportError, type EmittedNode, type Layout } from './types';

type Params = Record<string, JsonValue>;

const cl = (shape: number[]): Layout => ({ shape, channelsFirst: false });
const base = { state: {}, helpers: [] as string[], notes: [] as string[] };

export function emitDense(id: string, p: Params, input: In, w: NodeWeights): EmittedNode {
  const inF = input.l.shape[input.l.shape.length - 1]!;
  const units = p['units'] as number;
  const useBias = p['useBias'] !== false;
  const out = cl([...input.l.shape.slice(0, -1), units]);
  const activation = (p['activation'] ?? 'linear') as ActivationId;
  const a = activationExpr(activation, `self.{name}(${toChannelsLast(input.v, input.l)})`, -1);
  return {
    module: `nn.Linear(${inF}, ${units}${useBias ? '' : ', bias=False'})`,
    expr: a.expr,
    summary: `Dense ${units}${activation === 'linear' ? '' : `, ${activation}`}`,
    out,
    // Keras [in, out] → torch [out, in].
    state: {
      weight: w.permuted('kernel', [inF, units], [1, 0]),
      ...(useBias ? { bias: w.same('bias', [units]) } : {}),
    },
    helpers: a.helper ? [a.helper] : [],
    notes: [],
    penalised: { kernel: 'weight', bias: 'bias' },
    ...denseReinit(p['kernelInitializer']),
  };
}

/**
 * train.py's fresh start for a Dense `kernelInitializer` other than glorotUniform, in torch's
 * terms (Keras draws the normal ones from a truncated normal; torch's are plain normals).
 */
function denseReinit(kind: unknown): Pick<EmittedNode, 'reinit'> {
  const call: Record<string, string> = {
    glorotNormal: 'nn.init.xavier_normal_(self.{name}.weight)',
    heUniform: 'nn.init.kaiming_uniform_(self.{name}.weight, nonlinearity="relu")',
    heNormal: 'nn.init.kaiming_normal_(self.{name}.weight, nonlinearity="relu")',
    lecunNormal: 'nn.init.kaiming_normal_(self.{name}.weight, nonlinearity="linear")',
    randomNormal: 'nn.init.normal_(self.{name}.weight, 0.0, 0.05)',
  };
  const line = typeof kind === 'string' ? call[kind] : undefined;
  return line ? { reinit: [line] } : {};
}

export function emitFlatten(input: In): EmittedNode {
  const size = input.l.shape.reduce((a, b) => a * b, 1);
  const summary = input.l.channelsFirst
    ? 'Flatten in Keras order: back to channels last first, so the next Dense sees the values in the same order'
    : 'Flatten';
  const expr = input.l.shape.length === 1 ? input.v : `${toChannelsLast(input.v, input.l)}.flatten(1)`;
  return { ...base, expr, summary, out: cl([size]) };
}

export function emitReshape(p: Params, input: In, outShape: number[]): EmittedNode {
  const target = outShape.length > 0 ? outShape : (p['targetShape'] as number[]);
  return {
    ...base,
    expr: `${toChannelsLast(input.v, input.l)}.reshape(-1, ${target.join(', ')})`,
    summary: `Reshape to [${target.join(', ')}] (Keras order)`,
    out: cl([...target]),
  };
}

export function emitGlobalAveragePooling(id: string, input: In): EmittedNode {
  if (input.l.shape.length !== 3)
    throw new PytorchExportError(
      `GlobalAveragePooling2D "${id}" needs images [height, width, channels], but its input has shape [${input.l.shape.join(', ')}]`,
      'wire it after a Conv2D or pooling layer',
      id,
      'inputs',
    );
  const dims = input.l.channelsFirst ? '(2, 3)' : '(1, 2)';
  return {
    ...base,
    expr: `${input.v}.mean(dim=${dims})`,
    summary: 'GlobalAveragePooling2D: mean over height and width',
    out: cl([input.l.shape[2]!]),
  };
}

export function emitDropout(p: Params, input: In): EmittedNode {
  return {
    ...base,
    module: `nn.Dropout(${String(p['rate'])})`,
    expr: `self.{name}(${input.v})`,
    summary: `Dropout ${String(p['rate'])}`,
    out: input.l,
  };
}

export function emitEmbedding(id: string, p: Params, input: In, w: NodeWeights): EmittedNode {
  const inputDim = p['inputDim'] as number;
  const outputDim = p['outputDim'] as number;
  return {
    module: `nn.Embedding(${inputDim}, ${outputDim})`,
    expr: `self.{name}(${toChannelsLast(input.v, input.l)}.long())`,
    summary: `Embedding ${inputDim} ids → ${outputDim} values`,
    out: cl([...input.l.shape, outputDim]),
    state: { weight: w.same('embeddings', [inputDim, outputDim]) },
    helpers: [],
    notes: [`"${id}": ids arrive as floats (as in Layerloom) and are truncated with .long().`],
  };
}

/** Merges need one layout: channels first only when every input already is. */
function common(ins: readonly In[]): { vs: string[]; l: Layout } {
  const cf = ins.every((i) => i.l.channelsFirst);
  const first = ins[0]!.l;
  return {
    vs: ins.map((i) => (cf ? toChannelsFirst(i.v, i.l) : toChannelsLast(i.v, i.l))),
    l: { shape: [...first.shape], channelsFirst: cf },
  };
}

export function emitMerge(
  type: 'Add' | 'Multiply' | 'Average' | 'Concatenate',
  id: string,
  p: Params,
  ins: readonly In[],
): EmittedNode {
  const { vs, l } = common(ins);
  if (type === 'Concatenate') {
    const axis = typeof p['axis'] === 'number' ? p['axis'] : -1;
    const dim = torchDim(axis, l, id, 'axis');
    const rank = l.shape.length + 1;
    const a = axis < 0 ? axis + rank : axis;
    const shape = [...l.shape];
    shape[a - 1] = ins.reduce((sum, i) => sum + i.l.shape[a - 1]!, 0);
    return {
      ...base,
      expr: `torch.cat([${vs.join(', ')}], dim=${dim})`,
      summary: `Concatenate on axis ${axis}`,
      out: { shape, channelsFirst: l.channelsFirst },
    };
  }
  const op = type === 'Multiply' ? ' * ' : ' + ';
  const joined = vs.join(op);
  return {
    ...base,
    expr: type === 'Average' ? `(${joined}) / ${vs.length}` : joined,
    summary: `${type} of ${vs.length} inputs`,
    out: l,
  };
}

export function emitActivationNode(
  type: 'Activation' | 'LeakyReLU' | 'ELU' | 'Softmax',
  id: string,
  p: Params,
  input: In,
): EmittedNode {
  const out = input.l;
  if (type === 'Activation') {
    const a = activationExpr(p['activation'] as ActivationId, input.v, lastDim(out));
    return {
      ...base,
      expr: a.expr,
      summary: `Activation ${String(p['activation'])}`,
      out,
      helpers: a.helper ? [a.helper] : [],
    };
  }
  if (type === 'Softmax') {
    const dim = torchDim(p['axis'] as number, out, id, 'axis');
    return {
      ...base,
      module: `nn.Softmax(dim=${dim})`,
      expr: `self.{name}(${input.v})`,
      summary: 'Softmax',
      out,
    };
  }
  const module =
    type === 'LeakyReLU' ? `nn.LeakyReLU(${String(p['alpha'])})` : `nn.ELU(${String(p['alpha'])})`;
  return {
    ...base,
    module,
    expr: `self.{name}(${input.v})`,
    summary: `${type} alpha ${String(p['alpha'])}`,
    out,
  };
}

export function emitPReLU(id: string, input: In, w: NodeWeights): EmittedNode {
  const shape = [...input.l.shape];
  return {
    module: `KerasPReLU(${JSON.stringify(shape)
      .replace(/^\[/, '(')
      .replace(/\]$/, shape.length === 1 ? ',)' : ')')})`,
    expr: `self.{name}(${toChannelsLast(input.v, input.l)})`,
    summary: 'PReLU with one learned slope per value (Keras shares none)',
    out: cl(shape),
    state: { alpha: w.same('alpha', shape) },
    helpers: ['KerasPReLU'],
    notes: [
      `"${id}": Keras's PReLU learns a slope per value, not per channel as nn.PReLU; model.py defines KerasPReLU.`,
    ],
  };
}
