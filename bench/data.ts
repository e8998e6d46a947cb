import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeMnist } from '../graph-core/src/data/builtin/mnist';

export interface BenchData {
  count: number;
  /** count × 784 pixels in [0, 1]. */
  x: Float32Array;
  labels: Int32Array;
}

/** The first `count` digits of the project's MNIST asset (built by `npm run build:data`). */
export function loadMnist(root: string, count: number): BenchData {
  const path = join(root, 'assets/datasets/mnist.bin');
  const dataset = decodeMnist(new Uint8Array(readFileSync(path)));
  if (dataset.count < count) throw new Error(`${path} has ${dataset.count} digits, the bench needs ${count}`);
  return {
    count,
    x: dataset.x.slice(0, count * 784),
    labels: Int32Array.from(dataset.y.subarray(0, count)),
  };
}
