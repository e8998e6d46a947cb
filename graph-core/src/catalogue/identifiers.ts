/**
 * The identifiers params may take. Each list is the single source for the catalogue's enum
 * options, for checks and for the compiler, so they cannot drift apart.
 */

/** Every activation identifier tfjs-layers 4.22 registers (see its `ActivationIdentifier`). */
export const ACTIVATIONS = [
  'linear',
  'relu',
  'relu6',
  'elu',
  'selu',
  'softplus',
  'softsign',
  'sigmoid',
  'hardSigmoid',
  'tanh',
  'softmax',
  'logSoftmax',
  'swish',
  'mish',
  'gelu',
  'gelu_new',
] as const;
export type ActivationId = (typeof ACTIVATIONS)[number];

/**
 * Loss identifiers. All but those in `CUSTOM_LOSSES` are keys of tfjs-layers' `lossesMap` and can be
 * passed to `model.compile` by name.
 */
export const LOSSES = [
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
  'binaryCrossentropy',
  'meanSquaredError',
  'meanAbsoluteError',
  'meanAbsolutePercentageError',
  'meanSquaredLogarithmicError',
  'huber',
  'logcosh',
  'hinge',
  'squaredHinge',
  'categoricalHinge',
  'kullbackLeiblerDivergence',
  'poisson',
  'cosineProximity',
] as const;
export type LossId = (typeof LOSSES)[number];

/** Losses tfjs-layers does not know by name: the compiler must pass a function (tf.losses.huberLoss). */
export const CUSTOM_LOSSES: readonly LossId[] = ['huber'];

/** Losses that compare class scores with class labels (one-hot or index). */
export const CLASSIFICATION_LOSSES: readonly LossId[] = [
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
  'binaryCrossentropy',
  'hinge',
  'squaredHinge',
  'categoricalHinge',
  'kullbackLeiblerDivergence',
];

export const OPTIMIZERS = ['sgd', 'momentum', 'rmsprop', 'adam', 'adamax', 'adagrad', 'adadelta'] as const;
export type OptimizerId = (typeof OPTIMIZERS)[number];

/**
 * How a Dense layer's kernel starts. tfjs-layers names (and its defaults): glorot* scale by fan in
 * and out, he* by fan in (for ReLU), lecunNormal by fan in; randomNormal is N(0, 0.05²) whatever
 * the layer's size, the naive fixed small scale that deep nets train badly from.
 */
export const KERNEL_INITIALIZERS = [
  'glorotUniform',
  'glorotNormal',
  'heUniform',
  'heNormal',
  'lecunNormal',
  'randomNormal',
] as const;
export type KernelInitializerId = (typeof KERNEL_INITIALIZERS)[number];

export const LR_SCHEDULES = ['none', 'exponential', 'step', 'cosine'] as const;
export type LrScheduleId = (typeof LR_SCHEDULES)[number];

export const MONITORS = ['val_loss', 'val_acc', 'loss', 'acc'] as const;

/** Generated 2-D point sets: features [2], 2 classes, controlled by `samples` and `noise`. */
export const GENERATED_SOURCES = ['spiral', 'circles', 'xor', 'gaussian'] as const;
export const DATASET_SOURCES = ['mnist', 'iris', ...GENERATED_SOURCES, 'csv', 'images'] as const;
export type DatasetSource = (typeof DATASET_SOURCES)[number];

/** tfjs-layers 4.22 throws NotImplementedError for 'causal' padding at run time, so it is not offered. */
export const PADDINGS = ['valid', 'same'] as const;
