/** evaluation.json: what the app computes after a run for its evaluation views; plain data. */

export interface ClassStat {
  name: string;
  count: number;
  correct: number;
  /** correct / count, or null for a class with no samples in the split. */
  accuracy: number | null;
}

export interface SamplePrediction {
  /** Index into the evaluated split. */
  index: number;
  label: number;
  predicted: number;
  confidence: number;
  /** Grey or RGB pixels 0..255 row-major, for image datasets. */
  image?: {
    width: number;
    height: number;
    channels: number;
    pixels: number[];
    /** The feature values pixel 0 and 255 stand for, so Predict can feed the sample back in. */
    range?: { min: number; max: number };
  };
  /** The raw features, for small tabular samples. */
  features?: number[];
}

export interface Histogram {
  nodeId: string;
  kind: 'weights' | 'activations';
  min: number;
  max: number;
  counts: number[];
}

export interface DecisionBoundary {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** Cells per side; `classes` is resolution² predicted classes, row-major from yMin. */
  resolution: number;
  classes: number[];
  points: { x: number; y: number; label: number }[];
}

export interface EvaluationReport {
  split: 'validation' | 'test';
  count: number;
  classNames: string[];
  /** [true class][predicted class] counts; null for regression. */
  confusion: number[][] | null;
  perClass: ClassStat[];
  accuracy: number | null;
  samples: SamplePrediction[];
  boundary: DecisionBoundary | null;
  histograms: Histogram[];
}
