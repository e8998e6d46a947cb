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

/**
 * A fresh run whose mean training loss over an epoch is more than this many times its first batch's
 * loss (the loss at initialisation) has diverged even though no value became NaN: losses that clip
 * their inputs (tfjs's cross-entropy stops at -log(1e-7)) plateau high instead of overflowing.
 */
export const EXPLODED_LOSS_FACTOR = 2;

/** Whether an epoch's mean training loss blew up against the first batch's. */
export function lossExploded(startLoss: number | null, epochLoss: number): boolean {
  return startLoss !== null && startLoss > 0 && epochLoss > EXPLODED_LOSS_FACTOR * startLoss;
}

export function explodedAdvice(
  startLoss: number,
  epochLoss: number,
  epoch: number,
  lr: number,
): Partial<RunSummary> {
  const f = (v: number) => Number(v.toPrecision(3)).toString();
  return {
    message: `The training loss rose from ${f(startLoss)} at the first batch to ${f(epochLoss)} over epoch ${epoch} (more than ${EXPLODED_LOSS_FACTOR}× higher): training diverged.`,
    advice: `Lower the learning rate (it was ${lr}), e.g. to ${formatLr(lr / 10)}.`,
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
