import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWeights, encodeWeights, weightsByNode, WeightsError } from './named';

describe('named weights', () => {
  it('decodes what it encodes, names, shapes and values alike', () => {
    const weight = fc
      .tuple(
        fc.stringMatching(/^[a-z][a-z0-9]{0,5}\/[a-z_]{1,8}$/),
        fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
      )
      .chain(([name, shape]) =>
        fc
          .array(fc.float({ noNaN: true }), {
            minLength: shape.reduce((a, b) => a * b, 1),
            maxLength: shape.reduce((a, b) => a * b, 1),
          })
          .map((values) => ({ name, shape, data: Float32Array.from(values) })),
      );
    fc.assert(
      fc.property(fc.uniqueArray(weight, { selector: (w) => w.name, maxLength: 5 }), (weights) => {
        const { specs, bytes } = encodeWeights(weights);
        const back = decodeWeights(specs, bytes);
        expect(back.map((w) => [w.name, w.shape])).toEqual(weights.map((w) => [w.name, w.shape]));
        back.forEach((w, i) => expect(Array.from(w.data)).toEqual(Array.from(weights[i]!.data)));
      }),
    );
  });

  it('names the weight whose bytes are missing', () => {
    const { specs, bytes } = encodeWeights([{ name: 'd1/kernel', shape: [2, 3], data: new Float32Array(6) }]);
    expect(() => decodeWeights(specs, bytes.subarray(0, 20))).toThrow(/d1\/kernel.*20/);
    expect(() => decodeWeights(specs, bytes.subarray(0, 20))).toThrow(WeightsError);
  });

  it('refuses extra bytes, quantized and string weights', () => {
    const bytes = new Uint8Array(8);
    expect(() => decodeWeights([{ name: 'a/b', shape: [1], dtype: 'float32' }], bytes)).toThrow(/8 bytes/);
    expect(() =>
      decodeWeights([{ name: 'a/b', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8' } }], bytes),
    ).toThrow(/quantized/);
    expect(() => decodeWeights([{ name: 'a/s', shape: [2], dtype: 'string' }], bytes)).toThrow(
      /a\/s.*string/,
    );
  });

  it('groups weights by node id', () => {
    const w = (name: string) => ({ name, shape: [1], data: new Float32Array(1) });
    const byNode = weightsByNode([w('d1/kernel'), w('d1/bias'), w('c1/kernel')]);
    expect([...byNode.keys()]).toEqual(['d1', 'c1']);
    expect([...byNode.get('d1')!.keys()]).toEqual(['kernel', 'bias']);
  });
});
