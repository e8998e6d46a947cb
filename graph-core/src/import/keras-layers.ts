import { ACTIVATIONS } from '../catalogue/identifiers';
import type { JsonValue, NodeType } from '../document/types';

type Json = Record<string, unknown>;
type Params = Record<string, JsonValue>;

/** A Keras layer as a Layerloom node, or why it cannot be one (it becomes an `Unsupported` node). */
export type Mapped = { type: NodeType; params: Params } | { unsupported: string };

class Unmappable extends Error {}

/** Reads a Keras config (snake_case, as Keras and tfjs save it) with camelCase fallbacks. */
class Config {
  constructor(readonly raw: Json) {}
  get(name: string): unknown {
    const camel = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    return this.raw[name] ?? this.raw[camel];
  }
  num(name: string): number {
    const v = this.get(name);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Unmappable(`its ${name} is not a number`);
    return v;
  }
  ints(name: string, rank: number): number[] {
    const v = this.get(name);
    const list = typeof v === 'number' ? Array<number>(rank).fill(v) : v;
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'number' && Number.isInteger(x)))
      throw new Unmappable(`its ${name} is not a list of whole numbers`);
    return list as number[];
  }
  bool(name: string, fallback: boolean): boolean {
    const v = this.get(name);
    return typeof v === 'boolean' ? v : fallback;
  }
  /** Refuses a setting that changes what the layer computes and that Layerloom cannot express. */
  require(name: string, ok: (v: unknown) => boolean, what: string) {
    const v = this.get(name);
    if (v !== undefined && v !== null && !ok(v))
      throw new Unmappable(`${what} (${name} = ${JSON.stringify(v)})`);
  }
}

/** Keras/tfjs activation names (`hard_sigmoid`, `hardSigmoid`, `log_softmax`) → Layerloom's. */
export function activationId(v: unknown): string {
  if (v === undefined || v === null) return 'linear';
  const name =
    typeof v === 'string' ? v : typeof v === 'object' && v !== null ? (v as Json)['class_name'] : v;
  if (typeof name !== 'string') throw new Unmappable('its activation is not a name');
  if ((ACTIVATIONS as readonly string[]).includes(name)) return name;
  const camel = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  if ((ACTIVATIONS as readonly string[]).includes(camel)) return camel;
  const lower = name.toLowerCase();
  const hit = ACTIVATIONS.find((a) => a.toLowerCase() === lower);
  if (hit) return hit;
  throw new Unmappable(`its activation "${name}" has no Layerloom equivalent`);
}

const one = (v: unknown) => (Array.isArray(v) ? v.every((x) => x === 1) : v === 1);
const channelsLast = (c: Config) =>
  c.require('data_format', (v) => v === 'channels_last', 'only channels_last is supported');

const conv =
  (type: 'Conv1D' | 'Conv2D', rank: number) =>
  (c: Config): Mapped => {
    channelsLast(c);
    c.require('dilation_rate', one, 'dilated convolutions are not supported');
    c.require('groups', (v) => v === 1, 'grouped convolutions are not supported');
    const padding = c.get('padding') ?? 'valid';
    if (padding !== 'valid' && padding !== 'same')
      throw new Unmappable(`padding "${String(padding)}" is not supported`);
    return {
      type,
      params: {
        filters: c.num('filters'),
        kernelSize: c.ints('kernel_size', rank),
        strides: c.ints('strides', rank),
        padding,
        activation: activationId(c.get('activation')),
        useBias: c.bool('use_bias', true),
      },
    };
  };

const pool =
  (type: 'MaxPooling2D' | 'AveragePooling2D') =>
  (c: Config): Mapped => {
    channelsLast(c);
    const strides = c.get('strides');
    return {
      type,
      params: {
        poolSize: c.ints('pool_size', 2),
        strides: strides === null || strides === undefined ? null : c.ints('strides', 2),
        padding: (c.get('padding') as string | undefined) ?? 'valid',
      },
    };
  };

const recurrent =
  (type: 'SimpleRNN' | 'LSTM' | 'GRU') =>
  (c: Config): Mapped => {
    for (const flag of ['go_backwards', 'stateful', 'return_state', 'unroll'] as const)
      c.require(flag, (v) => v === false, `${flag.replace(/_/g, ' ')} is not supported`);
    if (type === 'GRU')
      c.require(
        'reset_after',
        (v) => v === false,
        'GRU with reset_after (the Keras 2.x default) has no tfjs equivalent',
      );
    const params: Params = {
      units: c.num('units'),
      activation: activationId(c.get('activation') ?? 'tanh'),
      returnSequences: c.bool('return_sequences', false),
      useBias: c.bool('use_bias', true),
    };
    if (type !== 'SimpleRNN')
      params['recurrentActivation'] = activationId(c.get('recurrent_activation') ?? 'sigmoid');
    return { type, params };
  };

const plain = (type: NodeType) => (): Mapped => ({ type, params: {} });

const depthwise = (c: Config): Params => {
  channelsLast(c);
  c.require('dilation_rate', one, 'dilated convolutions are not supported');
  return {
    kernelSize: c.ints('kernel_size', 2),
    strides: c.ints('strides', 2),
    padding: (c.get('padding') as string | undefined) ?? 'valid',
    depthMultiplier: c.get('depth_multiplier') === undefined ? 1 : c.num('depth_multiplier'),
    activation: activationId(c.get('activation')),
    useBias: c.bool('use_bias', true),
  };
};

const globalMax =
  (type: 'GlobalMaxPooling1D' | 'GlobalMaxPooling2D') =>
  (c: Config): Mapped => {
    channelsLast(c);
    c.require('keepdims', (v) => v === false, 'keepdims is not supported');
    return { type, params: {} };
  };

const singleAxis = (c: Config, what: string): number => {
  const axis = c.get('axis');
  const a = Array.isArray(axis) && axis.length === 1 ? axis[0] : axis;
  if (typeof a !== 'number') throw new Unmappable(`${what} over several axes is not supported`);
  return a;
};

/** Bidirectional wraps an LSTM, GRU or SimpleRNN config; its params are the inner layer's plus mergeMode. */
function bidirectional(c: Config): Mapped {
  const inner = c.get('layer');
  const cls = typeof inner === 'object' && inner !== null ? (inner as Json)['class_name'] : undefined;
  if (cls !== 'LSTM' && cls !== 'GRU' && cls !== 'SimpleRNN')
    throw new Unmappable(
      `it wraps ${String(cls ?? 'an unknown layer')}; only LSTM, GRU and SimpleRNN are supported`,
    );
  const mergeMode = c.get('merge_mode');
  if (mergeMode !== 'concat' && mergeMode !== 'sum' && mergeMode !== 'mul' && mergeMode !== 'ave')
    throw new Unmappable(`merge mode ${JSON.stringify(mergeMode)} is not supported`);
  const mapped = recurrent(cls)(new Config(((inner as Json)['config'] as Json | undefined) ?? {}));
  if ('unsupported' in mapped) return mapped;
  const { recurrentActivation = 'sigmoid', ...rest } = mapped.params;
  return { type: 'Bidirectional', params: { layer: cls, ...rest, recurrentActivation, mergeMode } };
}

/**
 * Keras layer class → Layerloom node. Layers that only exist at training time and do not change
 * predictions (dropout rates, regularisers, initialisers, constraints) map to their node or are
 * ignored; a setting that changes what the layer computes and has no param refuses the mapping.
 * New node kinds slot in here with one entry.
 */
export const KERAS_LAYERS: Readonly<Record<string, (c: Config) => Mapped>> = {
  Dense: (c) => ({
    type: 'Dense',
    params: {
      units: c.num('units'),
      activation: activationId(c.get('activation')),
      useBias: c.bool('use_bias', true),
    },
  }),
  Conv1D: conv('Conv1D', 1),
  Conv2D: conv('Conv2D', 2),
  MaxPooling2D: pool('MaxPooling2D'),
  MaxPool2D: pool('MaxPooling2D'),
  AveragePooling2D: pool('AveragePooling2D'),
  AvgPool2D: pool('AveragePooling2D'),
  GlobalAveragePooling2D: (c) => {
    channelsLast(c);
    c.require('keepdims', (v) => v === false, 'keepdims is not supported');
    return { type: 'GlobalAveragePooling2D', params: {} };
  },
  Flatten: (c) => {
    channelsLast(c);
    return { type: 'Flatten', params: {} };
  },
  Reshape: (c) => ({ type: 'Reshape', params: { targetShape: c.ints('target_shape', 1) } }),
  Dropout: (c) => ({ type: 'Dropout', params: { rate: c.num('rate') } }),
  BatchNormalization: (c) => {
    return {
      type: 'BatchNormalization',
      params: {
        axis: singleAxis(c, 'normalising'),
        momentum: c.num('momentum'),
        epsilon: c.num('epsilon'),
        center: c.bool('center', true),
        scale: c.bool('scale', true),
      },
    };
  },
  DepthwiseConv2D: (c) => ({ type: 'DepthwiseConv2D', params: depthwise(c) }),
  SeparableConv2D: (c) => ({
    type: 'SeparableConv2D',
    params: { filters: c.num('filters'), ...depthwise(c) },
  }),
  Conv2DTranspose: (c) => {
    c.require('output_padding', () => false, 'an output padding is not supported');
    const params = conv('Conv2D', 2)(c);
    return 'unsupported' in params ? params : { type: 'Conv2DTranspose', params: params.params };
  },
  UpSampling2D: (c) => {
    channelsLast(c);
    return {
      type: 'UpSampling2D',
      params: {
        size: c.ints('size', 2),
        interpolation: (c.get('interpolation') as string | undefined) ?? 'nearest',
      },
    };
  },
  ZeroPadding2D: (c) => {
    channelsLast(c);
    return { type: 'ZeroPadding2D', params: { padding: c.get('padding') as JsonValue } };
  },
  Cropping2D: (c) => {
    channelsLast(c);
    return { type: 'Cropping2D', params: { cropping: c.get('cropping') as JsonValue } };
  },
  GlobalMaxPooling1D: globalMax('GlobalMaxPooling1D'),
  GlobalMaxPool1D: globalMax('GlobalMaxPooling1D'),
  GlobalMaxPooling2D: globalMax('GlobalMaxPooling2D'),
  GlobalMaxPool2D: globalMax('GlobalMaxPooling2D'),
  LayerNormalization: (c) => ({
    type: 'LayerNormalization',
    params: {
      axis: singleAxis(c, 'normalising'),
      epsilon: c.num('epsilon'),
      center: c.bool('center', true),
      scale: c.bool('scale', true),
    },
  }),
  Permute: (c) => ({ type: 'Permute', params: { dims: c.ints('dims', 1) } }),
  RepeatVector: (c) => ({ type: 'RepeatVector', params: { n: c.num('n') } }),
  Bidirectional: bidirectional,
  SimpleRNN: recurrent('SimpleRNN'),
  LSTM: recurrent('LSTM'),
  GRU: recurrent('GRU'),
  Embedding: (c) => {
    c.require('mask_zero', (v) => v === false, 'masking is not supported');
    return { type: 'Embedding', params: { inputDim: c.num('input_dim'), outputDim: c.num('output_dim') } };
  },
  Add: plain('Add'),
  Multiply: plain('Multiply'),
  Average: plain('Average'),
  Concatenate: (c) => ({
    type: 'Concatenate',
    params: { axis: typeof c.get('axis') === 'number' ? c.num('axis') : -1 },
  }),
  Activation: (c) => ({ type: 'Activation', params: { activation: activationId(c.get('activation')) } }),
  ReLU: (c) => {
    c.require('negative_slope', (v) => v === 0, 'a leaky slope is not supported here');
    c.require('threshold', (v) => v === 0, 'a threshold is not supported');
    const max = c.get('max_value');
    if (max === null || max === undefined) return { type: 'Activation', params: { activation: 'relu' } };
    if (max === 6) return { type: 'Activation', params: { activation: 'relu6' } };
    throw new Unmappable(`a ReLU capped at ${String(max)} is not supported`);
  },
  LeakyReLU: (c) => ({
    type: 'LeakyReLU',
    params: { alpha: typeof c.get('negative_slope') === 'number' ? c.num('negative_slope') : c.num('alpha') },
  }),
  ELU: (c) => ({ type: 'ELU', params: { alpha: c.num('alpha') } }),
  PReLU: (c) => {
    c.require('shared_axes', (v) => Array.isArray(v) && v.length === 0, 'shared axes are not supported');
    return { type: 'PReLU', params: {} };
  },
  Softmax: (c) => {
    const axis = c.get('axis');
    return {
      type: 'Softmax',
      params: {
        axis:
          Array.isArray(axis) && axis.length === 1
            ? (axis[0] as number)
            : typeof axis === 'number'
              ? axis
              : -1,
      },
    };
  },
};

/** Maps one Keras layer, or says why it cannot be mapped. */
export function mapKerasLayer(className: string, config: Json): Mapped {
  const mapper = KERAS_LAYERS[className];
  if (!mapper) return { unsupported: 'it has no Layerloom node' };
  try {
    return mapper(new Config(config));
  } catch (error) {
    if (error instanceof Unmappable) return { unsupported: error.message };
    throw error;
  }
}
