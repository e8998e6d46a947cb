import { DATASET_SOURCES, GENERATED_SOURCES } from './identifiers';
import { bool, choice, float, int, shape, strings, text } from './param-builders';
import type { NodeKindSpec } from './types';

const generated = { param: 'source', values: GENERATED_SOURCES };
const imported = { param: 'source', values: ['csv', 'images'] };
const one = { min: 1, max: 1 };

export const Dataset: NodeKindSpec = {
  type: 'Dataset',
  category: 'Data',
  summary: 'Where samples and labels come from: a built-in set, a CSV file or an image folder.',
  inputs: { min: 0, max: 0 },
  hasOutput: true,
  params: [
    choice({
      name: 'source',
      label: 'Source',
      doc: 'mnist: 28×28 digits, 10 classes. iris: 4 measurements, 3 species. spiral/circles/xor/gaussian: generated 2-D points, 2 classes. csv/images: your own files.',
      default: 'mnist',
      options: DATASET_SOURCES,
    }),
    int({
      name: 'samples',
      label: 'Samples',
      doc: 'How many points to generate.',
      default: 500,
      min: 10,
      max: 100_000,
      showWhen: generated,
    }),
    float({
      name: 'noise',
      label: 'Noise',
      doc: 'Standard deviation of the noise added to generated points.',
      default: 0.1,
      min: 0,
      max: 5,
      showWhen: generated,
    }),
    int({
      name: 'limit',
      label: 'Limit',
      doc: 'Use at most this many samples (empty: all).',
      default: null,
      min: 1,
      optional: true,
      unit: 'samples',
    }),
    float({
      name: 'validationSplit',
      label: 'Validation split',
      doc: 'Fraction of samples held out to report validation metrics every epoch.',
      default: 0.1,
      min: 0,
      max: 0.9,
    }),
    float({
      name: 'testSplit',
      label: 'Test split',
      doc: 'Fraction of samples never used in training, reported once at the end of a run.',
      default: 0,
      min: 0,
      max: 0.9,
    }),
    int({
      name: 'seed',
      label: 'Seed',
      doc: 'Seeds generation and the split, so a run can be repeated exactly.',
      default: 42,
      min: 0,
      max: 2 ** 31 - 1,
    }),
    text({
      name: 'path',
      label: 'File or folder',
      doc: 'CSV file or image folder (one sub-folder per class), relative to the project file.',
      default: '',
      showWhen: imported,
    }),
    text({
      name: 'datasetId',
      label: 'Imported dataset',
      doc: 'Id of the copy kept in the workspace, so the project trains without the original files.',
      default: '',
      showWhen: imported,
    }),
    text({
      name: 'labelColumn',
      label: 'Label column',
      doc: 'CSV column holding the label (class name or numeric target).',
      default: '',
      showWhen: { param: 'source', values: ['csv'] },
    }),
    strings({
      name: 'featureColumns',
      label: 'Feature columns',
      doc: 'CSV columns used as features (empty: every column but the label).',
      default: null,
      optional: true,
      showWhen: { param: 'source', values: ['csv'] },
    }),
    shape({
      name: 'imageSize',
      label: 'Image size',
      doc: 'Every image is resized to [height, width] pixels on import.',
      default: [28, 28],
      length: 2,
      showWhen: { param: 'source', values: ['images'] },
    }),
    int({
      name: 'channels',
      label: 'Channels',
      doc: '1 for grayscale, 3 for RGB.',
      default: 1,
      oneOf: [1, 3],
      showWhen: { param: 'source', values: ['images'] },
    }),
  ],
};

export const Normalize: NodeKindSpec = {
  type: 'Normalize',
  category: 'Data',
  summary: 'Rescales features with statistics from the training split only.',
  inputs: one,
  hasOutput: true,
  params: [
    choice({
      name: 'method',
      label: 'Method',
      doc: 'minmax maps each feature to [0, 1]; standardize gives each feature mean 0 and standard deviation 1.',
      default: 'standardize',
      options: ['minmax', 'standardize'],
    }),
  ],
};

export const Augment: NodeKindSpec = {
  type: 'Augment',
  category: 'Data',
  summary: 'Random changes to training samples, on the fly; validation and test data stay untouched.',
  inputs: one,
  hasOutput: true,
  params: [
    bool({
      name: 'flipHorizontal',
      label: 'Flip horizontally',
      doc: 'Mirror images left-right with probability 0.5 (images only).',
      default: false,
    }),
    bool({
      name: 'flipVertical',
      label: 'Flip vertically',
      doc: 'Mirror images top-bottom with probability 0.5 (images only).',
      default: false,
    }),
    float({
      name: 'shift',
      label: 'Shift',
      doc: 'Largest random shift, as a fraction of width and height (images only).',
      default: 0,
      min: 0,
      max: 0.5,
      unit: 'fraction',
    }),
    float({
      name: 'rotation',
      label: 'Rotation',
      doc: 'Largest random rotation either way (images only).',
      default: 0,
      min: 0,
      max: 180,
      unit: '°',
    }),
    float({
      name: 'zoom',
      label: 'Zoom',
      doc: 'Largest random zoom in or out, as a fraction (images only).',
      default: 0,
      min: 0,
      max: 0.5,
      unit: 'fraction',
    }),
    float({
      name: 'noise',
      label: 'Noise',
      doc: 'Standard deviation of Gaussian noise added to every feature.',
      default: 0,
      min: 0,
      max: 1,
    }),
  ],
};

export const Subset: NodeKindSpec = {
  type: 'Subset',
  category: 'Data',
  summary: 'Keeps a seeded sample of the data, optionally the same number per class.',
  inputs: one,
  hasOutput: true,
  params: [
    int({
      name: 'limit',
      label: 'Limit',
      doc: 'How many samples to keep.',
      default: 1000,
      min: 1,
      unit: 'samples',
    }),
    bool({
      name: 'balanced',
      label: 'Balanced',
      doc: 'Keep the same number of samples per class where the data allows.',
      default: true,
    }),
    int({
      name: 'seed',
      label: 'Seed',
      doc: 'Seeds which samples are kept.',
      default: 42,
      min: 0,
      max: 2 ** 31 - 1,
    }),
  ],
};

export const Resize: NodeKindSpec = {
  type: 'Resize',
  category: 'Data',
  summary: 'Resizes images to [height, width]; channels are kept.',
  inputs: one,
  hasOutput: true,
  params: [
    shape({
      name: 'size',
      label: 'Size',
      doc: 'New [height, width] in pixels.',
      default: [28, 28],
      length: 2,
    }),
  ],
};
