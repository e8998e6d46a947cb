import { createRng, type Rng } from './builtin/random';
import { sampleSize } from './types';

/** Random changes applied to training batches, on the fly; every range is "up to". */
export interface AugmentParams {
  flipHorizontal?: boolean;
  flipVertical?: boolean;
  /** Largest shift as a share of the image's width/height, e.g. 0.1. */
  shift?: number;
  /** Largest rotation in degrees either way. */
  rotation?: number;
  /** Largest zoom as a share: the scale is drawn from [1 - zoom, 1 + zoom]. */
  zoom?: number;
  /** Standard deviation of added Gaussian noise (images and tabular data). */
  noise?: number;
}

export type Phase = 'train' | 'eval';

/**
 * Called by the training loop per batch. Returns a new array in the training phase and the very
 * same array in the evaluation phase, so validation and test metrics never see augmented data.
 * Labels are never passed in, so they cannot change.
 */
export type BatchAugmenter = (x: Float32Array, batchSize: number, phase: Phase) => Float32Array;

export function isImageShape(shape: readonly number[]): shape is [number, number, number] {
  return shape.length === 3;
}

/** Whether the params change anything for samples of this shape (geometry needs images). */
export function augmentsAnything(params: AugmentParams, featureShape: readonly number[]): boolean {
  const geometric =
    !!params.flipHorizontal || !!params.flipVertical || !!params.shift || !!params.rotation || !!params.zoom;
  return (params.noise ?? 0) > 0 || (geometric && isImageShape(featureShape));
}

export function createAugmenter(
  params: AugmentParams,
  featureShape: readonly number[],
  seed: number,
): BatchAugmenter {
  const rng = createRng(seed);
  const size = sampleSize(featureShape);
  const active = augmentsAnything(params, featureShape);
  return (x, batchSize, phase) => {
    if (phase === 'eval' || !active) return x;
    if (x.length !== batchSize * size) {
      throw new RangeError(`batch of ${x.length} values is not ${batchSize} samples of ${size}`);
    }
    const out = isImageShape(featureShape)
      ? transformImages(x, batchSize, featureShape, params, rng)
      : x.slice();
    const noise = params.noise ?? 0;
    if (noise > 0) for (let i = 0; i < out.length; i++) out[i]! += noise * rng.normal();
    return out;
  };
}

function transformImages(
  x: Float32Array,
  count: number,
  [h, w, c]: readonly [number, number, number],
  p: AugmentParams,
  rng: Rng,
): Float32Array {
  const out = new Float32Array(x.length);
  const size = h * w * c;
  const cy = (h - 1) / 2;
  const cx = (w - 1) / 2;
  const uniform = (a: number): number => (2 * rng.next() - 1) * a;
  for (let i = 0; i < count; i++) {
    const flipX = !!p.flipHorizontal && rng.next() < 0.5;
    const flipY = !!p.flipVertical && rng.next() < 0.5;
    const theta = (uniform(p.rotation ?? 0) * Math.PI) / 180;
    const scale = 1 + uniform(p.zoom ?? 0);
    const dx = uniform(p.shift ?? 0) * w;
    const dy = uniform(p.shift ?? 0) * h;
    // Inverse mapping: for each output pixel find where it came from in the source.
    const cos = Math.cos(theta) / scale;
    const sin = Math.sin(theta) / scale;
    const base = i * size;
    for (let oy = 0; oy < h; oy++) {
      for (let ox = 0; ox < w; ox++) {
        const u = ox - cx - dx;
        const v = oy - cy - dy;
        let sx = cos * u + sin * v + cx;
        let sy = -sin * u + cos * v + cy;
        if (flipX) sx = w - 1 - sx;
        if (flipY) sy = h - 1 - sy;
        sampleInto(x, base, h, w, c, sx, sy, out, base + (oy * w + ox) * c);
      }
    }
  }
  return out;
}

/** Bilinear sample with edge pixels repeated outside the image ("nearest" fill). */
function sampleInto(
  x: Float32Array,
  base: number,
  h: number,
  w: number,
  c: number,
  sx: number,
  sy: number,
  out: Float32Array,
  o: number,
): void {
  const fx = Math.min(Math.max(sx, 0), w - 1);
  const fy = Math.min(Math.max(sy, 0), h - 1);
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(x0 + 1, w - 1);
  const y1 = Math.min(y0 + 1, h - 1);
  const tx = fx - x0;
  const ty = fy - y0;
  for (let k = 0; k < c; k++) {
    const a = x[base + (y0 * w + x0) * c + k] as number;
    const b = x[base + (y0 * w + x1) * c + k] as number;
    const d = x[base + (y1 * w + x0) * c + k] as number;
    const e = x[base + (y1 * w + x1) * c + k] as number;
    out[o + k] = (a + (b - a) * tx) * (1 - ty) + (d + (e - d) * tx) * ty;
  }
}
