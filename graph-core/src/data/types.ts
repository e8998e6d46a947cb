/**
 * In-memory datasets, shared by the CLI, the training worker and the data nodes.
 * Features are one flat Float32Array, row-major, `count * product(featureShape)` long.
 */
export type Task = 'classification' | 'regression';

export interface TabularColumnInfo {
  name: string;
  kind: 'number' | 'category';
  /** For categories: the values in index order. */
  categories?: string[];
}

export interface Dataset {
  /** Human-readable name, e.g. "MNIST (10,000 digits)". */
  name: string;
  /** How samples should be previewed. */
  modality: 'image' | 'tabular' | 'points';
  /** Shape of one sample, no batch dimension: [28, 28, 1], [4], [2]. */
  featureShape: number[];
  task: Task;
  /** Number of classes for classification; 1 for regression. */
  numClasses: number;
  /** Class names in label order (classification only). */
  classNames: string[];
  /** Names of the feature columns (tabular only). */
  featureNames?: string[];
  columns?: TabularColumnInfo[];
  /** Number of samples. */
  count: number;
  /** count * product(featureShape) values. */
  x: Float32Array;
  /** Class index per sample (classification) or target value (regression). */
  y: Float32Array;
}

/** Index-based splits of one dataset; every index appears in at most one split. */
export interface Splits {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

export function sampleSize(featureShape: readonly number[]): number {
  return featureShape.reduce((a, b) => a * b, 1);
}
