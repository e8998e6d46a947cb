import { one, regularizers, trainable } from './common-params';
import { ACTIVATIONS } from './identifiers';
import { bool, choice, int } from './param-builders';
import type { NodeKindSpec, ParamSpec, ParamCondition } from './types';
const many = { min: 2, max: Infinity, ordered: true };

const recurrentParams = (withGates: boolean, gatesWhen?: ParamCondition): ParamSpec[] => [
  int({
    name: 'units',
    label: 'Units',
    doc: 'Size of the hidden state and of the output.',
    default: 32,
    min: 1,
    max: 100_000,
  }),
  choice({
    name: 'activation',
    label: 'Activation',
    doc: 'Applied to the candidate state.',
    default: 'tanh',
    options: ACTIVATIONS,
  }),
  ...(withGates
    ? [
        choice({
          name: 'recurrentActivation',
          label: 'Gate activation',
          doc: 'Applied to the gates (tfjs default: hardSigmoid).',
          default: 'hardSigmoid',
          options: ACTIVATIONS,
          ...(gatesWhen ? { showWhen: gatesWhen } : {}),
        }),
      ]
    : []),
  bool({
    name: 'returnSequences',
    label: 'Return sequences',
    doc: 'Output the state at every step [steps, units] instead of only the last [units].',
    default: false,
  }),
  bool({ name: 'useBias', label: 'Use bias', doc: 'Add learned biases.', default: true }),
];

/** Only the input kernel and the bias are penalised (Keras's kernel_regularizer and bias_regularizer). */
const penalised = (ps: ParamSpec[]): ParamSpec[] => [...ps, ...regularizers];

export const SimpleRNN: NodeKindSpec = {
  type: 'SimpleRNN',
  category: 'Layers',
  group: 'Recurrent',
  summary: 'Plain recurrent layer over a sequence [steps, features].',
  inputs: one,
  hasOutput: true,
  params: [...penalised(recurrentParams(false)), trainable],
};

export const LSTM: NodeKindSpec = {
  type: 'LSTM',
  category: 'Layers',
  group: 'Recurrent',
  summary: 'Long short-term memory over a sequence [steps, features].',
  inputs: one,
  hasOutput: true,
  params: [...penalised(recurrentParams(true)), trainable],
};

export const GRU: NodeKindSpec = {
  type: 'GRU',
  category: 'Layers',
  group: 'Recurrent',
  summary: 'Gated recurrent unit over a sequence [steps, features].',
  inputs: one,
  hasOutput: true,
  params: [...penalised(recurrentParams(true)), trainable],
};

export const Embedding: NodeKindSpec = {
  type: 'Embedding',
  category: 'Layers',
  group: 'Core',
  summary: 'Turns integer ids (0 … inputDim-1) into learned vectors.',
  inputs: one,
  hasOutput: true,
  params: [
    int({
      name: 'inputDim',
      label: 'Vocabulary size',
      doc: 'Number of distinct ids; ids must be below it.',
      default: 1000,
      min: 1,
      max: 10_000_000,
    }),
    int({
      name: 'outputDim',
      label: 'Vector size',
      doc: 'Length of each learned vector.',
      default: 16,
      min: 1,
      max: 100_000,
    }),
    trainable,
  ],
};

/** The recurrent kinds Bidirectional can wrap (`layer`), as Keras class names. */
export const BIDIRECTIONAL_LAYERS = ['LSTM', 'GRU', 'SimpleRNN'] as const;
/** How Bidirectional joins the forward and backward outputs (tfjs `mergeMode`). */
export const MERGE_MODES = ['concat', 'sum', 'mul', 'ave'] as const;

export const Bidirectional: NodeKindSpec = {
  type: 'Bidirectional',
  category: 'Layers',
  group: 'Recurrent',
  summary: 'Runs a recurrent layer forwards and backwards over a sequence and joins both outputs.',
  inputs: one,
  hasOutput: true,
  params: [
    choice({
      name: 'layer',
      label: 'Layer',
      doc: 'The recurrent layer run in each direction; its params follow.',
      default: 'LSTM',
      options: BIDIRECTIONAL_LAYERS,
    }),
    ...recurrentParams(true, { param: 'layer', values: ['LSTM', 'GRU'] }),
    choice({
      name: 'mergeMode',
      label: 'Merge mode',
      doc: 'concat: both outputs side by side (2 × units); sum, mul, ave: combined value by value.',
      default: 'concat',
      options: MERGE_MODES,
    }),
    trainable,
  ],
};

const merge = (type: 'Add' | 'Multiply' | 'Average', summary: string): NodeKindSpec => ({
  type,
  category: 'Layers',
  group: 'Merge',
  summary,
  inputs: many,
  hasOutput: true,
  params: [],
});

export const Add = merge('Add', 'Adds its inputs element by element (residual connections).');
export const Multiply = merge('Multiply', 'Multiplies its inputs element by element.');
export const Average = merge('Average', 'Averages its inputs element by element.');

export const Concatenate: NodeKindSpec = {
  type: 'Concatenate',
  category: 'Layers',
  group: 'Merge',
  summary: 'Joins its inputs along one axis, in port order.',
  inputs: many,
  hasOutput: true,
  params: [
    int({
      name: 'axis',
      label: 'Axis',
      doc: 'Axis to join along; -1 is the last.',
      default: -1,
      min: -8,
      max: 8,
    }),
  ],
};
