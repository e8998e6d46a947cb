import type { Dataset } from './types';

/** A small classification dataset whose features encode the sample index, for tests. */
export function makeDataset(
  labels: readonly number[],
  numClasses: number,
  featureShape: number[] = [2],
): Dataset {
  const size = featureShape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(labels.length * size);
  for (let i = 0; i < x.length; i++) x[i] = Math.floor(i / size) * 10 + (i % size);
  return {
    name: 'test',
    modality: featureShape.length === 3 ? 'image' : 'tabular',
    featureShape,
    task: 'classification',
    numClasses,
    classNames: Array.from({ length: numClasses }, (_, k) => `c${k}`),
    count: labels.length,
    x,
    y: Float32Array.from(labels),
  };
}
