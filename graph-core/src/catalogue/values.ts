import type { JsonValue } from '../document/types';

/**
 * A per-side amount (ZeroPadding2D.padding, Cropping2D.cropping) in every form `checkParam` accepts,
 * as `n` pairs [before, after]: 1 → [[1, 1], [1, 1]]; [1, 2] → [[1, 1], [2, 2]];
 * [0, 1, 2, 3] → [[0, 1], [2, 3]]; [[0, 1], [2, 3]] stays. Call it on checked values only.
 */
export function sidePairs(value: JsonValue | undefined, n: number): [number, number][] {
  const pairs: [number, number][] = [];
  const at = (v: JsonValue | undefined): number => (typeof v === 'number' ? v : 0);
  for (let i = 0; i < n; i++) {
    if (typeof value === 'number') pairs.push([value, value]);
    else if (!Array.isArray(value)) pairs.push([0, 0]);
    else if (value.length === 2 * n && !value.some(Array.isArray))
      pairs.push([at(value[2 * i]), at(value[2 * i + 1])]);
    else {
      const v = value[i];
      pairs.push(Array.isArray(v) ? [at(v[0]), at(v[1])] : [at(v), at(v)]);
    }
  }
  return pairs;
}

/**
 * A per-axis shape param (kernelSize, strides, poolSize, Resize size, imageSize…) as `n` numbers:
 * one number means that value on every axis, as the file format, tfjs and Keras allow (3 → [3, 3]);
 * a list is kept as it is; anything else gives `fallback`. Call it on checked values only.
 */
export function perAxis(value: JsonValue | undefined, n: number, fallback: readonly number[]): number[] {
  if (typeof value === 'number') return Array<number>(n).fill(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value as number[];
  return [...fallback];
}
