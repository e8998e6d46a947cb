import { zipSync } from 'fflate';

/** An array as NumPy stores it; float32 for weights and features, int64 for indices and counters. */
export type NpyArray =
  | { dtype: 'float32'; shape: readonly number[]; data: Float32Array }
  | { dtype: 'float64'; shape: readonly number[]; data: Float64Array }
  | { dtype: 'int64'; shape: readonly number[]; data: BigInt64Array };

const DESCR = { float32: '<f4', float64: '<f8', int64: '<i8' } as const;

const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * One `.npy` file (format 1.0): magic, a little-endian header length, a Python-literal header
 * padded with spaces to a multiple of 64 bytes, then the raw little-endian values in C order.
 */
export function encodeNpy(array: NpyArray): Uint8Array {
  if (count(array.shape) !== array.data.length)
    throw new RangeError(`npy: shape [${array.shape.join(', ')}] does not hold ${array.data.length} values`);
  const dims = array.shape.length === 1 ? `${array.shape[0]},` : array.shape.join(', ');
  const dict = `{'descr': '${DESCR[array.dtype]}', 'fortran_order': False, 'shape': (${dims}), }`;
  const unpadded = 10 + dict.length + 1;
  const header = dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const body = new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength);
  const out = new Uint8Array(10 + header.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  // Typed arrays are little-endian on every platform Layerloom runs on (x86, ARM).
  out.set(body, 10 + header.length);
  return out;
}

/** A `.npz`: a zip of `<key>.npy` files that `numpy.load` opens as a dict-like of arrays. */
export function encodeNpz(arrays: Readonly<Record<string, NpyArray>>, compress = false): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [key, array] of Object.entries(arrays)) files[`${key}.npy`] = encodeNpy(array);
  return zipSync(files, { level: compress ? 6 : 0 });
}

export const f32 = (shape: readonly number[], data: Float32Array): NpyArray => ({
  dtype: 'float32',
  shape,
  data,
});

export const i64 = (shape: readonly number[], values: ArrayLike<number>): NpyArray => ({
  dtype: 'int64',
  shape,
  data: BigInt64Array.from(Array.from(values, (v) => BigInt(v))),
});
