import type { CompiledGraph } from '../compile/types';
import type { PreparedData } from '../data/pipeline';
import type { RunSummary } from './types';

export function divergedAdvice(
  value: number,
  epoch: number,
  batch: number,
  lr: number,
  compiled: CompiledGraph,
): Partial<RunSummary> {
  const what = Number.isNaN(value) ? 'NaN' : 'infinite';
  const pairing =
    compiled.lossId === 'categoricalCrossentropy' || compiled.lossId === 'sparseCategoricalCrossentropy'
      ? 'that the last layer ends in softmax for ' + compiled.lossId
      : compiled.lossId === 'binaryCrossentropy'
        ? 'that the last layer ends in sigmoid for binaryCrossentropy'
        : `that ${compiled.lossId} suits the model's output`;
  return {
    message: `The loss became ${what} at epoch ${epoch}, batch ${batch + 1}: training diverged.`,
    advice: `Lower the learning rate (it was ${lr}), e.g. to ${formatLr(lr / 10)}; check ${pairing}; normalise inputs with large values.`,
  };
}

function formatLr(lr: number): string {
  return Number(lr.toPrecision(2)).toString();
}

/** A model that cannot be trained on this data, found before any work is done. */
export function mismatchProblem(compiled: CompiledGraph, data: PreparedData): Partial<RunSummary> | null {
  const inputShape = compiled.model.inputs[0]!.shape.slice(1);
  if (
    inputShape.length !== data.featureShape.length ||
    inputShape.some((d, i) => d !== null && d !== data.featureShape[i])
  ) {
    return {
      message: `The model's Input expects [${inputShape.join(', ')}] but the data gives [${data.featureShape.join(', ')}].`,
      advice: 'Clear the Input shape so it is taken from the dataset, or reshape the data.',
    };
  }
  if (
    data.task === 'classification' &&
    compiled.labelEncoding !== 'value' &&
    compiled.outputUnits !== data.numClasses
  ) {
    return {
      message: `The model ends in ${compiled.outputUnits} outputs but ${data.name} has ${data.numClasses} classes.`,
      advice: `Set the last Dense layer's units to ${data.numClasses}.`,
    };
  }
  if (data.task === 'classification' && compiled.labelEncoding === 'value' && data.numClasses > 2) {
    return {
      message: `The model ends in 1 output but ${data.name} has ${data.numClasses} classes.`,
      advice: `Use ${data.numClasses} outputs with softmax and categoricalCrossentropy.`,
    };
  }
  return null;
}
