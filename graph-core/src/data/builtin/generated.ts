import type { Dataset } from '../types';
import { GENERATED_SOURCES } from '../../catalogue/identifiers';
import { createRng, type Rng } from './random';

export { GENERATED_SOURCES };
/** The 2-D toy sets of TensorFlow Playground fame; clean points lie in [-1, 1]². */
export type GeneratedSource = (typeof GENERATED_SOURCES)[number];

export interface GeneratedOptions {
  /** Total number of points, split evenly over the two classes. */
  samples: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (0 = clean). */
  noise: number;
  seed: number;
}

export function isGeneratedSource(source: string): source is GeneratedSource {
  return (GENERATED_SOURCES as readonly string[]).includes(source);
}

type PointFn = (i: number, label: 0 | 1, perClass: number, rng: Rng, noise: number) => [number, number];

const spiral: PointFn = (i, label, perClass, rng, noise) => {
  const t = i / perClass;
  const r = t * 0.95;
  const angle = 1.75 * t * 2 * Math.PI + label * Math.PI;
  return [r * Math.sin(angle) + rng.normal() * noise, r * Math.cos(angle) + rng.normal() * noise];
};

const circles: PointFn = (_i, label, _n, rng, noise) => {
  // Inner disc (class 0) inside a ring (class 1), with a gap the noise can close.
  const r = label === 0 ? rng.next() * 0.4 : 0.6 + rng.next() * 0.35;
  const angle = rng.next() * 2 * Math.PI;
  return [r * Math.sin(angle) + rng.normal() * noise, r * Math.cos(angle) + rng.normal() * noise];
};

const xor: PointFn = (_i, label, _n, rng, noise) => {
  // Class 0 in quadrants I and III, class 1 in II and IV; a small margin keeps clean data separable.
  const a = 0.05 + rng.next() * 0.9;
  const b = 0.05 + rng.next() * 0.9;
  const sa = rng.next() < 0.5 ? 1 : -1;
  const sb = label === 0 ? sa : -sa;
  return [sa * a + rng.normal() * noise, sb * b + rng.normal() * noise];
};

const gaussian: PointFn = (_i, label, _n, rng, noise) => {
  const centre = label === 0 ? 0.5 : -0.5;
  const spread = 0.15 + noise;
  return [centre + rng.normal() * spread, centre + rng.normal() * spread];
};

const GENERATORS: Record<GeneratedSource, PointFn> = { spiral, circles, xor, gaussian };

const NAMES: Record<GeneratedSource, string> = {
  spiral: 'Two spirals',
  circles: 'Circle in a ring',
  xor: 'XOR quadrants',
  gaussian: 'Two Gaussian blobs',
};

/** Deterministic in (source, samples, noise, seed); classes alternate so any prefix is balanced. */
export function generateDataset(source: GeneratedSource, options: GeneratedOptions): Dataset {
  const samples = Math.max(2, Math.floor(options.samples));
  const noise = Math.max(0, options.noise);
  const rng = createRng(options.seed);
  const perClass = Math.ceil(samples / 2);
  const fn = GENERATORS[source];
  const x = new Float32Array(samples * 2);
  const y = new Float32Array(samples);
  for (let k = 0; k < samples; k++) {
    const label = (k % 2) as 0 | 1;
    const [px, py] = fn(Math.floor(k / 2), label, perClass, rng, noise);
    x[2 * k] = px;
    x[2 * k + 1] = py;
    y[k] = label;
  }
  return {
    name: `${NAMES[source]} (${samples} points)`,
    modality: 'points',
    featureShape: [2],
    task: 'classification',
    numClasses: 2,
    classNames: ['0', '1'],
    featureNames: ['x', 'y'],
    count: samples,
    x,
    y,
  };
}
