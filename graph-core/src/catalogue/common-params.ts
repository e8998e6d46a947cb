import { ACTIVATIONS, PADDINGS } from './identifiers';
import { bool, choice, float, int, shape } from './param-builders';
import type { ParamSpec } from './types';

/** Params several layer kinds share, so their names, docs and defaults cannot drift apart. */

export const one = { min: 1, max: 1 };

export const activationParam = (fallback: string, doc = 'Applied to the output.'): ParamSpec =>
  choice({ name: 'activation', label: 'Activation', doc, default: fallback, options: ACTIVATIONS });

export const useBias = bool({
  name: 'useBias',
  label: 'Use bias',
  doc: 'Add a learned bias per output unit.',
  default: true,
});

/**
 * Freezing: every kind with weights has it. A frozen layer keeps its weights during training and
 * counts them as non-trainable; a frozen BatchNormalization also normalises with its moving
 * statistics and leaves them as they are (Keras does the same).
 */
export const trainable = bool({
  name: 'trainable',
  label: 'Trainable',
  doc: 'Off freezes the layer: training leaves its weights as they are (BatchNormalization then also uses and keeps its moving statistics).',
  default: true,
});

export const padding = (options: readonly string[] = PADDINGS): ParamSpec =>
  choice({
    name: 'padding',
    label: 'Padding',
    doc: 'valid: no padding, the output shrinks. same: pad so the output keeps size / strides.',
    default: 'valid',
    options,
  });

export const filters = int({
  name: 'filters',
  label: 'Filters',
  doc: 'Number of output channels.',
  default: 32,
  min: 1,
  max: 100_000,
});

export const kernelSize = (dims: 1 | 2): ParamSpec =>
  shape({
    name: 'kernelSize',
    label: 'Kernel size',
    doc: 'Size of the sliding window.',
    default: dims === 2 ? [3, 3] : [3],
    length: dims,
  });

export const strides = (dims: 1 | 2, doc = 'Step of the sliding window.'): ParamSpec =>
  shape({ name: 'strides', label: 'Strides', doc, default: dims === 2 ? [1, 1] : [1], length: dims });

export const depthMultiplier = int({
  name: 'depthMultiplier',
  label: 'Depth multiplier',
  doc: 'Output channels per input channel of the depthwise step.',
  default: 1,
  min: 1,
  max: 1024,
});

/** The weight penalties a layer's kernel and bias can carry (Keras's kernel_regularizer / bias_regularizer). */
export const REGULARIZER_PARAMS = ['kernelL1', 'kernelL2', 'biasL1', 'biasL2'] as const;
export type RegularizerParam = (typeof REGULARIZER_PARAMS)[number];

const penalty = (name: RegularizerParam, label: string, of: string, norm: string): ParamSpec =>
  float({
    name,
    label,
    doc: `Adds ${name} × ${norm} of the ${of} to the training loss (Keras ${of}_regularizer ${name.endsWith('L1') ? 'l1' : 'l2'}); 0 turns it off.`,
    default: 0,
    min: 0,
    max: 10,
  });

/**
 * L1/L2 penalties on the kernel and the bias. They only change training: the reported training loss
 * includes them (as tfjs and Keras report it), validation and test losses do not.
 */
export const regularizers: readonly ParamSpec[] = [
  penalty('kernelL1', 'Kernel L1', 'kernel', 'sum(|w|)'),
  penalty('kernelL2', 'Kernel L2', 'kernel', 'sum(w²)'),
  penalty('biasL1', 'Bias L1', 'bias', 'sum(|b|)'),
  penalty('biasL2', 'Bias L2', 'bias', 'sum(b²)'),
];
