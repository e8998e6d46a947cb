import { describe, expect, it } from 'vitest';
import { samePadding, torchDim } from './layout';
import { pythonNames } from './names';
import { transpose } from './tensors';

describe('TensorFlow same padding', () => {
  it.each([
    // size, kernel, stride → [before, after]
    [28, 3, 1, [1, 1]],
    [28, 4, 1, [1, 2]],
    [28, 4, 2, [1, 1]],
    [27, 4, 2, [1, 2]],
    [7, 3, 2, [1, 1]],
    [14, 3, 2, [0, 1]],
    [5, 1, 1, [0, 0]],
  ])('pads %i with kernel %i stride %i as %j (the odd pixel at the end)', (size, k, s, expected) => {
    expect(samePadding(size, k, s)).toEqual(expected);
    const [a, b] = samePadding(size, k, s);
    expect(Math.floor((size + a + b - k) / s) + 1).toBe(Math.ceil(size / s));
  });
});

describe('axes', () => {
  it('maps Keras axes of a channels-first image to torch dims', () => {
    const l = { shape: [7, 7, 16], channelsFirst: true };
    expect(torchDim(-1, l, 'n', 'axis')).toBe(1);
    expect(torchDim(3, l, 'n', 'axis')).toBe(1);
    expect(torchDim(1, l, 'n', 'axis')).toBe(2);
    expect(torchDim(2, l, 'n', 'axis')).toBe(3);
    expect(torchDim(-1, { ...l, channelsFirst: false }, 'n', 'axis')).toBe(3);
  });

  it('refuses an axis outside the tensor, naming the node and field', () => {
    expect(() => torchDim(4, { shape: [3, 4], channelsFirst: false }, 'cat', 'axis')).toThrow(
      expect.objectContaining({ nodeId: 'cat', field: 'axis' }),
    );
  });
});

describe('transpose', () => {
  it('turns a Keras Dense kernel [in, out] into torch [out, in]', () => {
    const t = transpose(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3], [1, 0]);
    expect(t.shape).toEqual([3, 2]);
    expect(Array.from(t.data as Float32Array)).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('turns a Conv2D kernel [kh, kw, in, out] into [out, in, kh, kw]', () => {
    const shape = [2, 3, 4, 5];
    const data = Float32Array.from({ length: 120 }, (_, i) => i);
    const t = transpose(data, shape, [3, 2, 0, 1]);
    expect(t.shape).toEqual([5, 4, 2, 3]);
    // torch[o][i][y][x] = keras[y][x][i][o]
    const at = (o: number, i: number, y: number, x: number) => t.data[((o * 4 + i) * 2 + y) * 3 + x];
    expect(at(4, 1, 1, 2)).toBe(((1 * 3 + 2) * 4 + 1) * 5 + 4);
  });
});

describe('python names', () => {
  it('keeps valid ids, fixes invalid ones, avoids keywords and clashes, and calls the input x', () => {
    const names = pythonNames(['in', 'dense-1', 'dense_1', '2d', 'class', 'self', 'x'], 'in');
    expect([...names.values()]).toEqual(['x', 'dense_1', 'dense_1_2', 'n_2d', 'class_', 'self_', 'x_']);
  });
});
