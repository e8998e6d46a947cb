import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ActivationIdentifier } from '@tensorflow/tfjs-layers/dist/keras_format/activation_config';
import { sidePairs } from '../catalogue/values';
import { deriveSeed } from '../data/builtin/random';
import type { JsonValue } from '../document/types';
import { regularizerArgs } from './regularizers';
import { fuseRecurrentOnWasm } from './fused-recurrent';
import { CompileError } from './types';

/**
 * tfjs layers for the kinds the imports need (issue 16). Same conventions as layers.ts: the layer
 * name is the node id, every weight gets its own seeded stream, bad values name node and field.
 */

type Params = Record<string, JsonValue>;
type Layer = tfl.layers.Layer;

export type MoreLayerType =
  | 'DepthwiseConv2D'
  | 'SeparableConv2D'
  | 'Conv2DTranspose'
  | 'UpSampling2D'
  | 'ZeroPadding2D'
  | 'Cropping2D'
  | 'GlobalMaxPooling1D'
  | 'GlobalMaxPooling2D'
  | 'Permute'
  | 'RepeatVector'
  | 'LayerNormalization'
  | 'Bidirectional';

function num(node: string, p: Params, name: string): number {
  const v = p[name];
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new CompileError(`"${node}": ${name} must be a number.`, node, name);
  return v;
}

/** One int or a list of ints (tfjs accepts both); a single int means that value on every axis. */
function ints(node: string, p: Params, name: string, n?: number): number[] {
  const v = p[name];
  if (typeof v === 'number' && Number.isInteger(v) && n !== undefined) return Array<number>(n).fill(v);
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isInteger(x)))
    throw new CompileError(`"${node}": ${name} must be a list of whole numbers.`, node, name);
  return v as number[];
}

const bool = (p: Params, name: string, fallback: boolean) =>
  typeof p[name] === 'boolean' ? (p[name] as boolean) : fallback;
const str = <T extends string>(p: Params, name: string, fallback: T): T =>
  (typeof p[name] === 'string' ? p[name] : fallback) as T;

const glorot = (seed: number, key: string) => tfl.initializers.glorotUniform({ seed: deriveSeed(seed, key) });

export function makeMoreLayer(type: MoreLayerType, id: string, p: Params, seed: number): Layer {
  const name = id;
  const activation = str<ActivationIdentifier>(p, 'activation', 'linear');
  const window = () => ({
    kernelSize: ints(id, p, 'kernelSize', 2),
    strides: ints(id, p, 'strides', 2),
    padding: str<'valid' | 'same'>(p, 'padding', 'valid'),
    activation,
    useBias: bool(p, 'useBias', true),
  });
  switch (type) {
    case 'DepthwiseConv2D':
      return tfl.layers.depthwiseConv2d({
        name,
        ...window(),
        kernelSize: ints(id, p, 'kernelSize', 2) as [number, number],
        depthMultiplier: num(id, p, 'depthMultiplier'),
        depthwiseInitializer: glorot(seed, `${id}/depthwise_kernel`),
      });
    case 'SeparableConv2D':
      return tfl.layers.separableConv2d({
        name,
        ...window(),
        filters: num(id, p, 'filters'),
        depthMultiplier: num(id, p, 'depthMultiplier'),
        depthwiseInitializer: glorot(seed, `${id}/depthwise_kernel`),
        pointwiseInitializer: glorot(seed, `${id}/pointwise_kernel`),
      });
    case 'Conv2DTranspose':
      return tfl.layers.conv2dTranspose({
        name,
        ...window(),
        filters: num(id, p, 'filters'),
        kernelInitializer: glorot(seed, `${id}/kernel`),
        ...regularizerArgs(id, p),
      });
    case 'UpSampling2D':
      return tfl.layers.upSampling2d({
        name,
        size: ints(id, p, 'size', 2),
        interpolation: str<'nearest' | 'bilinear'>(p, 'interpolation', 'nearest'),
      });
    case 'ZeroPadding2D':
      return tfl.layers.zeroPadding2d({
        name,
        padding: sidePairs(p['padding'], 2) as [[number, number], [number, number]],
      });
    case 'Cropping2D':
      return tfl.layers.cropping2D({
        name,
        cropping: sidePairs(p['cropping'], 2) as [[number, number], [number, number]],
      });
    case 'GlobalMaxPooling1D':
      return tfl.layers.globalMaxPooling1d({ name });
    case 'GlobalMaxPooling2D':
      return tfl.layers.globalMaxPooling2d({ name });
    case 'Permute':
      return tfl.layers.permute({ name, dims: ints(id, p, 'dims') });
    case 'RepeatVector':
      return tfl.layers.repeatVector({ name, n: num(id, p, 'n') });
    case 'LayerNormalization':
      return tfl.layers.layerNormalization({
        name,
        axis: num(id, p, 'axis'),
        epsilon: num(id, p, 'epsilon'),
        center: bool(p, 'center', true),
        scale: bool(p, 'scale', true),
      });
    case 'Bidirectional':
      return bidirectional(id, p, seed);
    default: {
      const never: never = type;
      throw new Error(`makeMoreLayer: unhandled node type ${String(never)}`);
    }
  }
}

function recurrent(kind: string, p: Params, id: string, seed: number, key: string) {
  const base = {
    name: kind.toLowerCase(),
    units: num(id, p, 'units'),
    activation: str<ActivationIdentifier>(p, 'activation', 'tanh'),
    returnSequences: bool(p, 'returnSequences', false),
    useBias: bool(p, 'useBias', true),
    kernelInitializer: glorot(seed, `${id}/${key}/kernel`),
    recurrentInitializer: tfl.initializers.orthogonal({
      seed: deriveSeed(seed, `${id}/${key}/recurrent`),
      gain: 1,
    }),
  };
  if (kind === 'SimpleRNN') return tfl.layers.simpleRNN(base);
  const gated = {
    ...base,
    recurrentActivation: str<ActivationIdentifier>(p, 'recurrentActivation', 'hardSigmoid'),
  };
  if (kind === 'LSTM') return tfl.layers.lstm(gated);
  if (kind === 'GRU') return tfl.layers.gru(gated);
  throw new CompileError(
    `"${id}": layer must be LSTM, GRU or SimpleRNN; got ${JSON.stringify(kind)}.`,
    id,
    'layer',
  );
}

/**
 * tfjs builds the backward copy from the forward layer's config, seeds included, so both would start
 * from the same weights. `reseedBackward` gives the backward half its own stream once built.
 */
function bidirectional(id: string, p: Params, seed: number): Layer {
  const kind = str(p, 'layer', 'LSTM');
  const layer = tfl.layers.bidirectional({
    name: id,
    layer: recurrent(kind, p, id, seed, 'forward') as unknown as tfl.RNN,
    mergeMode: str<'concat' | 'sum' | 'mul' | 'ave'>(p, 'mergeMode', 'concat'),
  });
  // tfjs rebuilds both halves from the config; route each through the fused op on wasm.
  if (kind === 'LSTM' || kind === 'GRU') {
    const halves = layer as unknown as { forwardLayer: Layer; backwardLayer: Layer };
    fuseRecurrentOnWasm(halves.forwardLayer, kind);
    fuseRecurrentOnWasm(halves.backwardLayer, kind);
  }
  return layer;
}

/** Call after the Bidirectional layer is built: fresh seeded kernels for its backward half. */
export function reseedBackward(layer: Layer, id: string, seed: number): void {
  const weights = layer.getWeights();
  const half = weights.length / 2;
  const fresh = tf.tidy(() =>
    weights.map((w, i) => {
      if (i < half) return w.clone();
      const j = i - half;
      if (j === 0) return glorot(seed, `${id}/backward/kernel`).apply(w.shape);
      if (j === 1)
        return tfl.initializers
          .orthogonal({ seed: deriveSeed(seed, `${id}/backward/recurrent`), gain: 1 })
          .apply(w.shape);
      return w.clone();
    }),
  );
  layer.setWeights(fresh);
  tf.dispose(fresh);
}
