/**
 * Forward floating-point operations of one sample through each layer kind, from its resolved params
 * and the shapes analysis inferred. Conventions (stated in docs/CLI.md, summary.json `cost`): a multiply-add counts 2,
 * a bias add or an element-wise op 1; an activation 1 per output element (softmax 3: exp, sum,
 * divide); pure data movement (reshape, padding, cropping, nearest upsampling, dropout at
 * inference, embedding lookups) 0. The record is keyed by every layer kind, so a new kind without
 * a count is a compile error.
 */
import type { JsonValue, NodeType } from '../document/types';

type Dims = (number | null)[];

export interface FlopsInput {
  params: Record<string, JsonValue>;
  /** Input shapes, batch dimension (null) first. */
  inputs: Dims[];
  output: Dims;
}

export type FlopsKind = Exclude<
  NodeType,
  'Dataset' | 'Normalize' | 'Augment' | 'Subset' | 'Resize' | 'Loss' | 'Optimizer'
>;

const size = (s: Dims | undefined) => (s ?? []).slice(1).reduce<number>((p, d) => p * (d ?? 0), 1);
const last = (s: Dims | undefined) => (s && s.length > 1 ? (s[s.length - 1] ?? 0) : 0);
const pair = (v: JsonValue | undefined, fallback: number[]): number[] =>
  typeof v === 'number' ? [v, v] : Array.isArray(v) ? (v as number[]) : fallback;
const prod = (xs: readonly number[]) => xs.reduce((p, x) => p * x, 1);
const bias = (p: FlopsInput['params'], n: number) => (p.useBias === false ? 0 : n);
const act = (p: FlopsInput['params'], n: number) =>
  p.activation === undefined || p.activation === 'linear' ? 0 : p.activation === 'softmax' ? 3 * n : n;
const none = () => 0;

/** A recurrent layer over its input's time steps: gates × (input and recurrent matmuls + bias), plus pointwise work. */
function recurrent(kind: string, p: FlopsInput['params'], input: Dims | undefined): number {
  const steps = input?.[1] ?? 0;
  const inDim = last(input);
  const u = typeof p.units === 'number' ? p.units : 0;
  const gates = kind === 'LSTM' ? 4 : kind === 'GRU' ? 3 : 1;
  // LSTM: 3 sigmoids + 2 tanh + c = f·c + i·g + h = o·tanh(c); GRU: 2 sigmoids + tanh + its blend.
  const pointwise = kind === 'LSTM' ? 10 * u : kind === 'GRU' ? 9 * u : u;
  const perStep = gates * (2 * (inDim * u + u * u) + bias(p, u)) + pointwise;
  return steps * perStep;
}

function pool(io: FlopsInput): number {
  return size(io.output) * prod(pair(io.params.poolSize, [2, 2]));
}

function merge(io: FlopsInput, perInput: number): number {
  return size(io.output) * Math.max(0, io.inputs.length - 1 + perInput);
}

export const LAYER_FLOPS: Readonly<Record<FlopsKind, (io: FlopsInput) => number>> = {
  Input: none,
  Dense: ({ params, inputs, output }) => {
    const n = size(output);
    return 2 * last(inputs[0]) * n + bias(params, n) + act(params, n);
  },
  Conv1D: ({ params, inputs, output }) => {
    const k = pair(params.kernelSize, [3])[0] ?? 3;
    const n = size(output);
    return 2 * k * last(inputs[0]) * n + bias(params, n) + act(params, n);
  },
  Conv2D: ({ params, inputs, output }) => {
    const n = size(output);
    return 2 * prod(pair(params.kernelSize, [3, 3])) * last(inputs[0]) * n + bias(params, n) + act(params, n);
  },
  DepthwiseConv2D: ({ params, output }) => {
    const n = size(output);
    return 2 * prod(pair(params.kernelSize, [3, 3])) * n + bias(params, n) + act(params, n);
  },
  SeparableConv2D: ({ params, inputs, output }) => {
    const n = size(output);
    const mid = last(inputs[0]) * (typeof params.depthMultiplier === 'number' ? params.depthMultiplier : 1);
    const pixels = last(output) > 0 ? n / last(output) : 0;
    const depthwise = 2 * prod(pair(params.kernelSize, [3, 3])) * mid * pixels;
    return depthwise + 2 * mid * n + bias(params, n) + act(params, n);
  },
  Conv2DTranspose: ({ params, inputs, output }) => {
    const n = size(output);
    // Each input pixel scatters a kernel's worth of multiply-adds into the output.
    return (
      2 * prod(pair(params.kernelSize, [3, 3])) * size(inputs[0]) * last(output) +
      bias(params, n) +
      act(params, n)
    );
  },
  MaxPooling2D: pool,
  AveragePooling2D: pool,
  GlobalAveragePooling2D: ({ inputs }) => size(inputs[0]),
  GlobalMaxPooling1D: ({ inputs }) => size(inputs[0]),
  GlobalMaxPooling2D: ({ inputs }) => size(inputs[0]),
  // Bilinear: 4 weighted neighbours a pixel; nearest copies.
  UpSampling2D: ({ params, output }) => (params.interpolation === 'bilinear' ? 8 * size(output) : 0),
  ZeroPadding2D: none,
  Cropping2D: none,
  Flatten: none,
  Reshape: none,
  Permute: none,
  RepeatVector: none,
  Dropout: none,
  // At inference the moving statistics fold into one scale and one shift per value.
  BatchNormalization: ({ output }) => 2 * size(output),
  // Mean, variance, normalise, scale and shift.
  LayerNormalization: ({ output }) => 8 * size(output),
  SimpleRNN: ({ params, inputs }) => recurrent('SimpleRNN', params, inputs[0]),
  LSTM: ({ params, inputs }) => recurrent('LSTM', params, inputs[0]),
  GRU: ({ params, inputs }) => recurrent('GRU', params, inputs[0]),
  Bidirectional: ({ params, inputs, output }) => {
    const merged = params.mergeMode === 'concat' || params.mergeMode === undefined ? 0 : size(output);
    return 2 * recurrent(String(params.layer ?? 'LSTM'), params, inputs[0]) + merged;
  },
  Embedding: none,
  Add: (io) => merge(io, 0),
  Multiply: (io) => merge(io, 0),
  Average: (io) => merge(io, 1),
  Concatenate: none,
  Activation: ({ params, output }) => act({ activation: params.activation ?? 'relu' }, size(output)),
  LeakyReLU: ({ output }) => size(output),
  ELU: ({ output }) => size(output),
  PReLU: ({ output }) => size(output),
  Softmax: ({ output }) => 3 * size(output),
  Unsupported: none,
};
