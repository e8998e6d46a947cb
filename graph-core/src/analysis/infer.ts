import type { NodeType } from '../document/types';
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

type LayerType = Exclude<
  NodeType,
  'Dataset' | 'Normalize' | 'Augment' | 'Subset' | 'Resize' | 'Input' | 'Loss' | 'Optimizer'
>;

/** Output shape and parameter count of one layer, computed as Keras/tfjs-layers do. */
export function inferLayer(type: LayerType, li: LayerInput): Inferred {
  switch (type) {
    case 'Dense':
      return inferDense(li);
    case 'Conv1D':
      return inferConv1D(li);
    case 'Conv2D':
      return inferConv2D(li);
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
    default:
      return assertNever(type);
  }
}

export function isLayerType(type: NodeType): type is LayerType {
  return !['Dataset', 'Normalize', 'Augment', 'Subset', 'Resize', 'Input', 'Loss', 'Optimizer'].includes(
    type,
  );
}

function assertNever(x: never): never {
  throw new Error(`no shape inference for ${String(x)}`);
}
