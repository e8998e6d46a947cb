import { activationParam } from './layers';
import { float, int } from './param-builders';
import type { NodeKindSpec } from './types';

const one = { min: 1, max: 1 };

export const Activation: NodeKindSpec = {
  type: 'Activation',
  category: 'Activations',
  summary: 'Applies an activation function element by element.',
  inputs: one,
  hasOutput: true,
  params: [activationParam('relu', 'The function to apply.')],
};

export const LeakyReLU: NodeKindSpec = {
  type: 'LeakyReLU',
  category: 'Activations',
  summary: 'ReLU that lets a small slope through for negative values.',
  inputs: one,
  hasOutput: true,
  params: [float({ name: 'alpha', label: 'Alpha', doc: 'Slope for negative values.', default: 0.3, min: 0 })],
};

export const ELU: NodeKindSpec = {
  type: 'ELU',
  category: 'Activations',
  summary: 'Exponential linear unit: smooth below zero.',
  inputs: one,
  hasOutput: true,
  params: [
    float({
      name: 'alpha',
      label: 'Alpha',
      doc: 'Value approached for large negative inputs (as -alpha).',
      default: 1,
      min: 0,
    }),
  ],
};

export const PReLU: NodeKindSpec = {
  type: 'PReLU',
  category: 'Activations',
  summary: 'Leaky ReLU whose negative slope is learned for every value.',
  inputs: one,
  hasOutput: true,
  params: [],
};

export const Softmax: NodeKindSpec = {
  type: 'Softmax',
  category: 'Activations',
  summary: 'Turns scores into probabilities that sum to 1.',
  inputs: one,
  hasOutput: true,
  params: [
    int({
      name: 'axis',
      label: 'Axis',
      doc: 'Axis the probabilities sum over; -1 is the last.',
      default: -1,
      min: -8,
      max: 8,
    }),
  ],
};
