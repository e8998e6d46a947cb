import * as tfl from '@tensorflow/tfjs-layers';
import type { ActivationIdentifier } from '@tensorflow/tfjs-layers/dist/keras_format/activation_config';
import type { JsonValue, NodeType } from '../document/types';
import { deriveSeed } from '../data/builtin/random';
import { makeMoreLayer } from './layers-more';
import { regularizerArgs, withCellPenalties } from './regularizers';
import { unsupportedMessage } from '../catalogue/placeholder';
import { KERNEL_INITIALIZERS, type KernelInitializerId } from '../catalogue/identifiers';
import { CompileError } from './types';
import { fuseRecurrentOnWasm } from './fused-recurrent';
import { fuseBiasActivationOnWasm } from './fused-layers';

type Params = Record<string, JsonValue>;
type Layer = tfl.layers.Layer;

/** Node kinds that never become layers: the catalogue's list. */
export { NON_LAYER_KINDS } from '../catalogue';

function num(node: string, p: Params, name: string): number {
  const v = p[name];
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new CompileError(`"${node}": ${name} must be a number.`, node, name);
  return v;
}

function bool(p: Params, name: string, fallback: boolean): boolean {
  const v = p[name];
  return typeof v === 'boolean' ? v : fallback;
}

/** A list of whole numbers; with `n`, one number stands for n of them, as Keras and tfjs accept. */
function ints(node: string, p: Params, name: string, n?: number): number[] {
  const v = p[name];
  if (typeof v === 'number' && Number.isInteger(v) && n !== undefined) return Array<number>(n).fill(v);
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isInteger(x))) {
    throw new CompileError(`"${node}": ${name} must be a list of whole numbers.`, node, name);
  }
  return v as number[];
}

function optionalInts(node: string, p: Params, name: string, n?: number): number[] | undefined {
  return p[name] === null || p[name] === undefined ? undefined : ints(node, p, name, n);
}

function kernelInitializer(node: string, p: Params): KernelInitializerId {
  const v = p['kernelInitializer'] ?? 'glorotUniform';
  if (typeof v === 'string' && (KERNEL_INITIALIZERS as readonly string[]).includes(v))
    return v as KernelInitializerId;
  throw new CompileError(
    `"${node}": kernelInitializer must be one of ${KERNEL_INITIALIZERS.join(', ')}.`,
    node,
    'kernelInitializer',
  );
}

function str<T extends string>(p: Params, name: string, fallback: T): T {
  const v = p[name];
  return (typeof v === 'string' ? v : fallback) as T;
}

/**
 * Seeded initialisers: every weight gets its own stream derived from (optimizer seed, node id, weight),
 * so adding a node elsewhere does not change this node's starting weights.
 */
function seeded(seed: number, id: string) {
  return {
    glorot: (w: string) => tfl.initializers.glorotUniform({ seed: deriveSeed(seed, `${id}/${w}`) }),
    orthogonal: (w: string) => tfl.initializers.orthogonal({ seed: deriveSeed(seed, `${id}/${w}`), gain: 1 }),
    uniform: (w: string) =>
      tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: deriveSeed(seed, `${id}/${w}`) }),
    /** A Dense node's `kernelInitializer`, seeded like the others. */
    named: (kind: KernelInitializerId, w: string) => {
      const s = { seed: deriveSeed(seed, `${id}/${w}`) };
      switch (kind) {
        case 'glorotUniform':
          return tfl.initializers.glorotUniform(s);
        case 'glorotNormal':
          return tfl.initializers.glorotNormal(s);
        case 'heUniform':
          return tfl.initializers.heUniform(s);
        case 'heNormal':
          return tfl.initializers.heNormal(s);
        case 'lecunNormal':
          return tfl.initializers.leCunNormal(s);
        case 'randomNormal':
          return tfl.initializers.randomNormal({ mean: 0, stddev: 0.05, ...s });
        default:
          return kind satisfies never;
      }
    },
  };
}

/**
 * Keras runs a frozen BatchNormalization in inference mode: it normalises with its moving mean and
 * variance and leaves them as they are. tfjs-layers looks only at `training`, so a frozen one is
 * called with training off. Checked on every call, so freezing after compile works too.
 */
function frozenUsesMovingStatistics(layer: Layer): Layer {
  const call = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => call(inputs, layer.trainable ? kwargs : { ...kwargs, training: false });
  return layer;
}

/** One tfjs layer for one node; `name` is the node id so weights and errors point back at the canvas. */
export function makeLayer(type: NodeType, id: string, p: Params, seed: number): Layer {
  const name = id;
  const init = seeded(seed, id);
  const activation = (key = 'activation', fallback: ActivationIdentifier = 'linear') =>
    str<ActivationIdentifier>(p, key, fallback);
  switch (type) {
    case 'Dense':
      return fuseBiasActivationOnWasm(
        tfl.layers.dense({
          name,
          units: num(id, p, 'units'),
          activation: activation(),
          useBias: bool(p, 'useBias', true),
          kernelInitializer: init.named(kernelInitializer(id, p), 'kernel'),
          ...regularizerArgs(id, p),
        }),
        'Dense',
      );
    case 'Conv1D':
    case 'Conv2D': {
      const args = {
        name,
        filters: num(id, p, 'filters'),
        kernelSize: ints(id, p, 'kernelSize', type === 'Conv1D' ? 1 : 2),
        strides: ints(id, p, 'strides', type === 'Conv1D' ? 1 : 2),
        padding: str<'valid' | 'same' | 'causal'>(p, 'padding', 'valid'),
        activation: activation(),
        useBias: bool(p, 'useBias', true),
        kernelInitializer: init.glorot('kernel'),
        ...regularizerArgs(id, p),
      };
      return type === 'Conv1D'
        ? tfl.layers.conv1d(args)
        : fuseBiasActivationOnWasm(tfl.layers.conv2d(args), 'Conv2D');
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const strides = optionalInts(id, p, 'strides', 2);
      const args = {
        name,
        poolSize: ints(id, p, 'poolSize', 2) as [number, number],
        padding: str<'valid' | 'same'>(p, 'padding', 'valid'),
        ...(strides ? { strides: strides as [number, number] } : {}),
      };
      return type === 'MaxPooling2D' ? tfl.layers.maxPooling2d(args) : tfl.layers.averagePooling2d(args);
    }
    case 'GlobalAveragePooling2D':
      return tfl.layers.globalAveragePooling2d({ name });
    case 'Flatten':
      return tfl.layers.flatten({ name });
    case 'Reshape':
      return tfl.layers.reshape({ name, targetShape: ints(id, p, 'targetShape') });
    case 'Dropout':
      return tfl.layers.dropout({ name, rate: num(id, p, 'rate'), seed: deriveSeed(seed, `${id}/mask`) });
    case 'BatchNormalization':
      return frozenUsesMovingStatistics(
        tfl.layers.batchNormalization({
          name,
          axis: num(id, p, 'axis'),
          momentum: num(id, p, 'momentum'),
          epsilon: num(id, p, 'epsilon'),
          center: bool(p, 'center', true),
          scale: bool(p, 'scale', true),
        }),
      );
    case 'DepthwiseConv2D':
    case 'SeparableConv2D':
    case 'Conv2DTranspose':
    case 'UpSampling2D':
    case 'ZeroPadding2D':
    case 'Cropping2D':
    case 'GlobalMaxPooling1D':
    case 'GlobalMaxPooling2D':
    case 'Permute':
    case 'RepeatVector':
    case 'LayerNormalization':
    case 'Bidirectional':
      return makeMoreLayer(type, id, p, seed);
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU': {
      const base = {
        name,
        units: num(id, p, 'units'),
        activation: activation('activation', 'tanh'),
        returnSequences: bool(p, 'returnSequences', false),
        useBias: bool(p, 'useBias', true),
        kernelInitializer: init.glorot('kernel'),
        recurrentInitializer: init.orthogonal('recurrent'),
        ...regularizerArgs(id, p),
      };
      if (type === 'SimpleRNN') return withCellPenalties(tfl.layers.simpleRNN(base));
      const gated = { ...base, recurrentActivation: activation('recurrentActivation', 'hardSigmoid') };
      return withCellPenalties(
        type === 'LSTM'
          ? fuseRecurrentOnWasm(tfl.layers.lstm(gated), 'LSTM')
          : fuseRecurrentOnWasm(tfl.layers.gru(gated), 'GRU'),
      );
    }
    case 'Embedding':
      return tfl.layers.embedding({
        name,
        inputDim: num(id, p, 'inputDim'),
        outputDim: num(id, p, 'outputDim'),
        embeddingsInitializer: init.uniform('embeddings'),
      });
    case 'Add':
      return tfl.layers.add({ name });
    case 'Multiply':
      return tfl.layers.multiply({ name });
    case 'Average':
      return tfl.layers.average({ name });
    case 'Concatenate':
      return tfl.layers.concatenate({ name, axis: num(id, p, 'axis') });
    case 'Activation':
      return tfl.layers.activation({ name, activation: activation('activation', 'relu') });
    case 'LeakyReLU':
      return tfl.layers.leakyReLU({ name, alpha: num(id, p, 'alpha') });
    case 'ELU':
      return tfl.layers.elu({ name, alpha: num(id, p, 'alpha') });
    case 'PReLU':
      return tfl.layers.prelu({ name });
    case 'Softmax':
      return tfl.layers.softmax({ name, axis: num(id, p, 'axis') });
    case 'Dataset':
    case 'Normalize':
    case 'Augment':
    case 'Subset':
    case 'Resize':
    case 'Input':
    case 'Loss':
    case 'Optimizer':
      throw new CompileError(`${type} "${id}" cannot sit inside the model: it is not a layer.`, id);
    case 'Unsupported':
      throw new CompileError(unsupportedMessage(id, p), id);
    default: {
      const never: never = type;
      throw new Error(`makeLayer: unhandled node type ${String(never)}`);
    }
  }
}
