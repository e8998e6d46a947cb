import { unsupportedMessage } from '../catalogue/placeholder';
import { isLayerKind, type LayerKind } from '../catalogue';
import type { Inferred, LayerInput } from './infer-common';
import { inferConv1D, inferConv2D, inferGlobalPool2D, inferPool2D } from './infer-conv';
import {
  inferAxisSame,
  inferBatchNorm,
  inferDense,
  inferEmbedding,
  inferFlatten,
  inferPReLU,
  inferReshape,
  inferSame,
} from './infer-core';
import { inferConcatenate, inferElementwise, inferRecurrent } from './infer-sequence';
import {
  inferConv2DTranspose,
  inferCropping2D,
  inferDepthwiseConv2D,
  inferGlobalPool,
  inferSeparableConv2D,
  inferUpSampling2D,
  inferZeroPadding2D,
} from './infer-image';
import { inferBidirectional, inferLayerNorm, inferPermute, inferRepeatVector } from './infer-axes';

type LayerType = LayerKind;

/**
 * Output shape and parameter count of one layer, computed as Keras/tfjs-layers do. A frozen layer
 * (`trainable: false`) counts all its parameters as non-trainable, as tfjs does.
 */
export function inferLayer(type: LayerType, li: LayerInput): Inferred {
  const result = inferShape(type, li);
  if (li.params.trainable === false && result.params > 0) return { ...result, nonTrainable: result.params };
  return result;
}

function inferShape(type: LayerType, li: LayerInput): Inferred {
  switch (type) {
    case 'Dense':
      return inferDense(li);
    case 'Conv1D':
      return inferConv1D(li);
    case 'Conv2D':
      return inferConv2D(li);
    case 'DepthwiseConv2D':
      return inferDepthwiseConv2D(li);
    case 'SeparableConv2D':
      return inferSeparableConv2D(li);
    case 'Conv2DTranspose':
      return inferConv2DTranspose(li);
    case 'UpSampling2D':
      return inferUpSampling2D(li);
    case 'ZeroPadding2D':
      return inferZeroPadding2D(li);
    case 'Cropping2D':
      return inferCropping2D(li);
    case 'GlobalMaxPooling1D':
      return inferGlobalPool(li, 2);
    case 'GlobalMaxPooling2D':
      return inferGlobalPool(li, 3);
    case 'Permute':
      return inferPermute(li);
    case 'RepeatVector':
      return inferRepeatVector(li);
    case 'LayerNormalization':
      return inferLayerNorm(li);
    case 'Bidirectional':
      return inferBidirectional(li);
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return inferPool2D(li);
    case 'GlobalAveragePooling2D':
      return inferGlobalPool2D(li);
    case 'Flatten':
      return inferFlatten(li);
    case 'Reshape':
      return inferReshape(li);
    case 'Dropout':
    case 'Activation':
    case 'LeakyReLU':
    case 'ELU':
      return inferSame(li);
    case 'Softmax':
      return inferAxisSame(li);
    case 'PReLU':
      return inferPReLU(li);
    case 'BatchNormalization':
      return inferBatchNorm(li);
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU':
      return inferRecurrent(li, type);
    case 'Embedding':
      return inferEmbedding(li);
    case 'Add':
    case 'Multiply':
    case 'Average':
      return inferElementwise(li);
    case 'Concatenate':
      return inferConcatenate(li);
    case 'Unsupported':
      return unsupported(li);
    default:
      return assertNever(type);
  }
}

/** The catalogue's answer (one place): every kind but data, Input and training configuration. */
export const isLayerType = isLayerKind;

/** An import placeholder: no shape, and always an error naming the original op. */
export function unsupported(li: Pick<LayerInput, 'node' | 'params'>): Inferred {
  return {
    shape: null,
    params: 0,
    issues: [{ severity: 'error', field: 'op', message: unsupportedMessage(li.node.id, li.params) }],
  };
}

function assertNever(x: never): never {
  throw new Error(`no shape inference for ${String(x)}`);
}
