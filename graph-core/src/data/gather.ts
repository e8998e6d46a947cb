import { sampleSize, type Dataset } from './types';

/** A new Dataset holding the given samples, in the given order. */
export function takeSamples(ds: Dataset, indices: ArrayLike<number>): Dataset {
  const size = sampleSize(ds.featureShape);
  const x = new Float32Array(indices.length * size);
  const y = new Float32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] as number;
    x.set(ds.x.subarray(i * size, (i + 1) * size), k * size);
    y[k] = ds.y[i] as number;
  }
  return { ...ds, count: indices.length, x, y };
}

/** Indices of each class, in ascending order (classification datasets). */
export function indicesByClass(y: Float32Array, numClasses: number, from?: ArrayLike<number>): number[][] {
  const groups: number[][] = Array.from({ length: numClasses }, () => []);
  const n = from ? from.length : y.length;
  for (let k = 0; k < n; k++) {
    const i = from ? (from[k] as number) : k;
    groups[y[i] as number]?.push(i);
  }
  return groups;
}
