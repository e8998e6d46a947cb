/** Model inputs for Predict from what the user picks or types, kept apart from the panel to test. */
import type { SamplePrediction } from '../../../../graph-core/src/runs';

/** Tabular samples keep their features only up to this many (see the worker's sample view). */
export const MAX_TYPED_FEATURES = 16;

/**
 * The model input a validation sample stands for: its features, or its pixels mapped back onto
 * the value range they were scaled from (8 bits per value, like the image files they came from).
 */
export function sampleInput(sample: SamplePrediction): Float32Array | null {
  if (sample.image) {
    const { pixels, range } = sample.image;
    if (!range) return null;
    const step = (range.max - range.min) / 255;
    return Float32Array.from(pixels, (p) => range.min + p * step);
  }
  return sample.features && sample.features.length < MAX_TYPED_FEATURES
    ? Float32Array.from(sample.features)
    : null;
}

export type ParsedFeatures = { values: Float32Array } | { error: string };

/** "0.5, -1.2 3e-2": numbers separated by commas, spaces or semicolons. */
export function parseFeatures(text: string): ParsedFeatures {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  if (parts.length === 0) return { error: 'Type the feature values, e.g. 0.5, -1.2' };
  const values = new Float32Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const v = Number(parts[i]);
    if (!Number.isFinite(v)) return { error: `Value ${i + 1} ("${parts[i]}") is not a number.` };
    values[i] = v;
  }
  return { values };
}

export function formatFeatures(values: ArrayLike<number>): string {
  return Array.from(values, (v) => String(Math.round(v * 1e4) / 1e4)).join(', ');
}
