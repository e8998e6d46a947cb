import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attr } from './builder';
import type { OnnxModel, OnnxNode } from './proto';
import { decodeModel, encodeModel, floatTensor, int64Tensor, OnnxError, tensorValues } from './proto';

const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_/]{0,10}$/);
const f32 = fc.float({ noNaN: true, noDefaultInfinity: true }).map(Math.fround);
const attribute = fc.oneof(
  fc.tuple(name, fc.integer({ min: -1000, max: 1000 })).map(([n, v]) => attr(n, v)),
  fc.tuple(name, f32).map(([n, v]) => attr(n, v, true)),
  fc
    .tuple(name, fc.array(fc.integer({ min: -5, max: 100 }), { minLength: 1, maxLength: 5 }))
    .map(([n, v]) => attr(n, v)),
  fc.tuple(name, fc.array(f32, { minLength: 1, maxLength: 4 })).map(([n, v]) => attr(n, v, true)),
  fc.tuple(name, fc.string({ maxLength: 8 })).map(([n, v]) => attr(n, v)),
);
const node: fc.Arbitrary<OnnxNode> = fc.record({
  name,
  opType: fc.constantFrom('Relu', 'Conv', 'Gemm', 'LSTM'),
  input: fc.array(name, { maxLength: 3 }),
  output: fc.array(name, { minLength: 1, maxLength: 3 }),
  attribute: fc.array(attribute, { maxLength: 3 }),
});
const tensor = fc
  .tuple(name, fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 3 }))
  .chain(([n, dims]) =>
    fc
      .array(f32, { minLength: dims.reduce((a, b) => a * b, 1), maxLength: dims.reduce((a, b) => a * b, 1) })
      .map((values) => floatTensor(n, dims, Float32Array.from(values))),
  );
const model: fc.Arbitrary<OnnxModel> = fc.record({
  irVersion: fc.integer({ min: 3, max: 9 }),
  opsetImport: fc.constant([{ domain: '', version: 13 }]),
  producerName: fc.string({ maxLength: 6 }),
  graph: fc.record({
    name,
    node: fc.array(node, { minLength: 1, maxLength: 4 }),
    initializer: fc.array(tensor, { maxLength: 3 }),
    input: fc.array(
      name.map((n) => ({
        name: n,
        type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, { dimValue: 4 }] } } },
      })),
      { maxLength: 2 },
    ),
    output: fc.array(
      name.map((n) => ({ name: n })),
      { minLength: 1, maxLength: 2 },
    ),
  }),
});

function validModel(): OnnxModel {
  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'g',
      node: [{ name: 'r', opType: 'Relu', input: ['x'], output: ['y'], attribute: [] }],
      initializer: [],
      input: [{ name: 'x' }],
      output: [{ name: 'y' }],
    },
  };
}

describe('ONNX protobuf read/write', () => {
  it('decodes what it encodes: nodes, attributes, tensors and value infos', () => {
    fc.assert(
      fc.property(model, (m) => {
        const back = decodeModel(encodeModel(m));
        expect(back.irVersion).toBe(m.irVersion);
        expect(back.opsetImport).toEqual(m.opsetImport);
        expect(back.graph.node.map((n) => [n.name, n.opType, n.input, n.output])).toEqual(
          m.graph.node.map((n) => [n.name, n.opType, n.input, n.output]),
        );
        back.graph.node.forEach((n, i) =>
          n.attribute.forEach((a, j) => {
            const want = m.graph.node[i]!.attribute[j]!;
            expect([a.name, a.type]).toEqual([want.name, want.type]);
            for (const k of ['i', 'f', 'ints', 'floats'] as const)
              if (want[k] !== undefined) expect(a[k]).toEqual(want[k]);
            if (want.s) expect(Array.from(a.s!)).toEqual(Array.from(want.s));
          }),
        );
        back.graph.initializer.forEach((t, i) => {
          expect(t.dims).toEqual(m.graph.initializer[i]!.dims);
          expect(Array.from(tensorValues(t))).toEqual(Array.from(tensorValues(m.graph.initializer[i]!)));
        });
        expect(
          back.graph.input.map((v) => v.type?.tensorType?.shape?.dim.map((d) => d.dimValue ?? d.dimParam)),
        ).toEqual(m.graph.input.map(() => ['N', 4]));
      }),
      { numRuns: 60 },
    );
  });

  it('reads int64 tensors and listed float data as well as raw bytes', () => {
    expect(Array.from(tensorValues(int64Tensor('s', [3], [-1, 7, 28])))).toEqual([-1, 7, 28]);
    expect(Array.from(tensorValues({ name: 'f', dims: [2], dataType: 1, floatData: [1.5, -2] }))).toEqual([
      1.5, -2,
    ]);
    expect(() => tensorValues({ name: 'w', dims: [3], dataType: 1, floatData: [1] })).toThrow(
      'Tensor "w" holds 1 values but its shape needs 3.',
    );
  });

  it('refuses every truncation of a model with one OnnxError, never a crash', () => {
    const bytes = encodeModel(validModel());
    for (let cut = 0; cut < bytes.length; cut++) {
      const attempt = () => decodeModel(bytes.subarray(0, cut));
      expect(attempt).toThrow(OnnxError);
    }
  });

  it('refuses garbage bytes with an OnnxError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (junk) => {
        try {
          const m = decodeModel(junk);
          // Random bytes can happen to be a valid message; then it must at least hold a graph with nodes.
          expect(m.graph.node.length).toBeGreaterThan(0);
        } catch (err) {
          expect(err).toBeInstanceOf(OnnxError);
        }
      }),
      { numRuns: 300 },
    );
    expect(() => decodeModel(new Uint8Array([0x3c, 0x68, 0x74, 0x6d, 0x6c, 0x3e]))).toThrow(
      /Not .*ONNX model/,
    );
  });
});
