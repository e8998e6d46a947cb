import type { Dataset } from '../types';
import { generateDataset, isGeneratedSource, GENERATED_SOURCES } from './generated';
import { loadIris } from './iris';
import { decodeMnist, MNIST_ASSET } from './mnist';

export { decodeMnist, encodeMnist, MNIST_ASSET, MnistAssetError } from './mnist';
export { loadIris } from './iris';
export {
  generateDataset,
  GENERATED_SOURCES,
  isGeneratedSource,
  type GeneratedSource,
  type GeneratedOptions,
} from './generated';
export { createRng, deriveSeed, hashSeed, permutation, shuffleInPlace, type Rng } from './random';

export const BUILTIN_SOURCES = ['mnist', 'iris', ...GENERATED_SOURCES] as const;
export type BuiltinSource = (typeof BUILTIN_SOURCES)[number];

export function isBuiltinSource(source: string): source is BuiltinSource {
  return (BUILTIN_SOURCES as readonly string[]).includes(source);
}

/** What a built-in loader needs from its environment: only the bundled assets. */
export interface AssetReader {
  /** Bytes of a file under `assets/`, e.g. `datasets/mnist.bin`. */
  readAsset(name: string): Promise<Uint8Array>;
}

export interface BuiltinOptions {
  samples: number;
  noise: number;
  seed: number;
}

export async function loadBuiltinDataset(
  source: BuiltinSource,
  options: BuiltinOptions,
  io: AssetReader,
): Promise<Dataset> {
  if (source === 'mnist') return decodeMnist(await io.readAsset(MNIST_ASSET));
  if (source === 'iris') return loadIris();
  if (isGeneratedSource(source)) return generateDataset(source, options);
  const never: never = source;
  throw new Error(`unhandled built-in source ${String(never)}`);
}
