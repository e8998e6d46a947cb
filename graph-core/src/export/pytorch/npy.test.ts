import fc from 'fast-check';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeNpy, encodeNpz, f32, i64 } from './npy';

/** Reads back what encodeNpy wrote, the way numpy's format 1.0 reader does. */
function decodeNpy(bytes: Uint8Array): { header: string; shape: number[]; values: number[] } {
  const len = bytes[8]! | (bytes[9]! << 8);
  const header = String.fromCharCode(...bytes.subarray(10, 10 + len));
  const shape = /'shape': \(([^)]*)\)/
    .exec(header)![1]!
    .split(',')
    .filter((s) => s.trim())
    .map(Number);
  const body = bytes.slice(10 + len);
  const values = header.includes("'<f4'")
    ? Array.from(new Float32Array(body.buffer))
    : Array.from(new BigInt64Array(body.buffer), Number);
  return { header, shape, values };
}

describe('npy', () => {
  it('writes the magic, a header padded to 64 bytes ending in a newline, and the values in C order', () => {
    const bytes = encodeNpy(f32([2, 3], Float32Array.from([1, 2, 3, 4, 5, 6])));
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 78, 85, 77, 80, 89, 1, 0]);
    const { header, shape, values } = decodeNpy(bytes);
    expect((10 + header.length) % 64).toBe(0);
    expect(header.endsWith('\n')).toBe(true);
    expect(header).toContain("'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)");
    expect(shape).toEqual([2, 3]);
    expect(values).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('writes one-element tuples with a trailing comma and scalars as ()', () => {
    expect(decodeNpy(encodeNpy(f32([3], new Float32Array(3)))).header).toContain("'shape': (3,)");
    expect(decodeNpy(encodeNpy(i64([], [7]))).header).toContain("'descr': '<i8'");
    expect(decodeNpy(encodeNpy(i64([], [7]))).header).toContain("'shape': ()");
  });

  it('refuses a shape that does not match the data', () => {
    expect(() => encodeNpy(f32([2, 2], new Float32Array(3)))).toThrow(/shape \[2, 2\]/);
  });

  it('round-trips any float32 array and shape', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }), fc.integer(), (shape, seed) => {
        const n = shape.reduce((a, b) => a * b, 1);
        const data = Float32Array.from({ length: n }, (_, i) => Math.fround((seed % 997) * 0.5 + i));
        const back = decodeNpy(encodeNpy(f32(shape, data)));
        expect(back.shape).toEqual(shape);
        expect(back.values).toEqual(Array.from(data));
      }),
    );
  });

  it('zips one <key>.npy per array into the npz', () => {
    const files = unzipSync(encodeNpz({ 'd1.weight': f32([1], Float32Array.of(2)), y: i64([1], [3]) }, true));
    expect(Object.keys(files).sort()).toEqual(['d1.weight.npy', 'y.npy']);
    expect(decodeNpy(files['y.npy']!).values).toEqual([3]);
  });
});
