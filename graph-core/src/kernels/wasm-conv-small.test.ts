import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap } from '@tensorflow/tfjs';
import { expectCloseToCpu, initWasmForTests, randomValues, runKernelOn } from '../backends/wasm-test-setup';
import { withSmallConvFilterGrad } from './wasm-conv-small';
import { smallConvModule } from './wasm-conv-small-asm';
import type { WasmHeapAccess } from './wasm-kernel-calls';

type Input = { shape: number[]; values: number[] };
type Pad = 'valid' | 'same' | [number, number, number, number];

const tensor = (shape: number[], seed: number): Input => ({
  shape,
  values: randomValues(
    shape.reduce((a, b) => a * b, 1),
    seed,
  ),
});

const padAttr = (pad: Pad) =>
  Array.isArray(pad)
    ? [
        [0, 0],
        [pad[0], pad[1]],
        [pad[2], pad[3]],
        [0, 0],
      ]
    : pad;

interface ConvCase {
  batch: number;
  h: number;
  w: number;
  inC: number;
  outC: number;
  fh: number;
  fw: number;
  stride: number;
  pad: Pad;
  seed: number;
}

/** x, dy (of the forward conv's output shape) and the filter-gradient attributes, or null when no window fits. */
async function filterGradCase(p: ConvCase) {
  const [ph, pw] = Array.isArray(p.pad) ? [p.pad[0] + p.pad[1], p.pad[2] + p.pad[3]] : [0, 0];
  if (p.pad !== 'same' && (p.fh > p.h + ph || p.fw > p.w + pw)) return null;
  const x = tensor([p.batch, p.h, p.w, p.inC], p.seed);
  const filter = tensor([p.fh, p.fw, p.inC, p.outC], p.seed + 1);
  const convAttrs = {
    strides: [p.stride, p.stride],
    pad: padAttr(p.pad),
    dataFormat: 'NHWC',
    dilations: [1, 1],
  };
  const y = await runKernelOn('cpu', 'Conv2D', { x, filter }, convAttrs);
  const dy = tensor(y.shape, p.seed + 2);
  return { x, dy, attrs: { ...convAttrs, filterShape: filter.shape } };
}

/** Runs the direct kernel on wasm with a fallback that records being called instead of computing. */
async function runDirect(c: NonNullable<Awaited<ReturnType<typeof filterGradCase>>>) {
  await tf.setBackend('wasm');
  let fellBack = false;
  const fallback = (() => {
    fellBack = true;
    return (tf.backend() as unknown as WasmHeapAccess).makeOutput([1], 'float32');
  }) as unknown as KernelFunc;
  const kernel = withSmallConvFilterGrad(fallback);
  const values = tf.tidy(() => {
    const x = tf.tensor(c.x.values, c.x.shape);
    const dy = tf.tensor(c.dy.values, c.dy.shape);
    const out = kernel({
      inputs: { x, dy },
      backend: tf.backend(),
      attrs: c.attrs as unknown as NamedAttrMap,
    });
    const info = Array.isArray(out) ? out[0]! : out;
    return tf.engine().makeTensorFromTensorInfo(info).dataSync();
  });
  await tf.setBackend('cpu');
  return { fellBack, values };
}

const direct = fc.record({
  batch: fc.integer({ min: 1, max: 3 }),
  h: fc.integer({ min: 1, max: 9 }),
  w: fc.integer({ min: 1, max: 9 }),
  inC: fc.integer({ min: 1, max: 4 }),
  outC: fc.constantFrom(4, 8, 12, 16),
  fh: fc.integer({ min: 1, max: 6 }),
  fw: fc.integer({ min: 1, max: 8 }),
  stride: fc.constant(1),
  pad: fc.oneof(
    fc.constantFrom<Pad>('valid', 'same'),
    fc.tuple(fc.nat(2), fc.nat(2), fc.nat(2), fc.nat(2)),
  ) as fc.Arbitrary<Pad>,
  seed: fc.nat(),
});

describe('Conv2DBackpropFilter for few input channels (direct SIMD loop)', () => {
  beforeAll(async () => {
    await initWasmForTests();
  });

  it('agrees with cpu on stride 1 with 1–4 input channels, any padding, 4–16 output channels', async () => {
    await fc.assert(
      fc.asyncProperty(direct, async (p) => {
        const c = await filterGradCase(p);
        fc.pre(c !== null);
        const cpu = await runKernelOn('cpu', 'Conv2DBackpropFilter', { x: c!.x, dy: c!.dy }, c!.attrs);
        const wasm = await runDirect(c!);
        expect(wasm.fellBack).toBe(false);
        expectCloseToCpu(wasm.values, cpu.values);
      }),
      { numRuns: 60 },
    );
  });

  it("agrees with cpu on MNIST's first conv (64 × 28×28×1, 5×5 filter, 8 output channels)", async () => {
    const p = {
      batch: 64,
      h: 28,
      w: 28,
      inC: 1,
      outC: 8,
      fh: 5,
      fw: 5,
      stride: 1,
      pad: 'valid' as const,
      seed: 7,
    };
    const c = (await filterGradCase(p))!;
    const cpu = await runKernelOn('cpu', 'Conv2DBackpropFilter', { x: c.x, dy: c.dy }, c.attrs);
    const wasm = await runDirect(c);
    expect(wasm.fellBack).toBe(false);
    // 36,864-term float32 sums in different orders differ by rounding that grows like the
    // root-sum-square of the terms (~64 here), not like the (much smaller) result.
    const scale = new Float64Array(cpu.values.length);
    for (let b = 0; b < p.batch; b++)
      for (let y = 0; y < 24; y++)
        for (let x = 0; x < 24; x++)
          for (let k = 0; k < 25; k++) {
            const xv = c.x.values[(b * 28 + y + Math.floor(k / 5)) * 28 + x + (k % 5)]!;
            for (let o = 0; o < 8; o++)
              scale[k * 8 + o]! += (xv * c.dy.values[((b * 24 + y) * 24 + x) * 8 + o]!) ** 2;
          }
    for (let i = 0; i < cpu.values.length; i++) {
      const tolerance = 1e-4 * Math.max(1, Math.sqrt(scale[i]!));
      if (!(Math.abs(wasm.values[i]! - cpu.values[i]!) <= tolerance))
        throw new Error(
          `element ${i}: wasm ${wasm.values[i]} vs cpu ${cpu.values[i]} (tolerance ${tolerance})`,
        );
    }
  });

  it('links to a shared heap (tfjs threaded build) when assembled for one', () => {
    type Api = {
      Memory: new (d: { initial: number; maximum: number; shared: boolean }) => object;
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: object) => object;
    };
    const api = (globalThis as unknown as { WebAssembly: Api }).WebAssembly;
    const memory = new api.Memory({ initial: 2, maximum: 65536, shared: true });
    const link = (shared: boolean) =>
      new api.Instance(new api.Module(smallConvModule(5, 1, shared)), { env: { memory } });
    expect(() => link(false)).toThrow();
    expect(link(true)).toBeDefined();
  });

  const outside: Array<[string, Partial<ConvCase>]> = [
    ['stride 2', { stride: 2 }],
    ['5 input channels', { inC: 5 }],
    ['output channels not a multiple of 4', { outC: 6 }],
    ['a filter wider than 8', { fw: 9, w: 10 }],
  ];
  it.each(outside)('leaves %s to the fallback', async (_, change) => {
    const base: ConvCase = {
      batch: 2,
      h: 10,
      w: 10,
      inC: 1,
      outC: 8,
      fh: 3,
      fw: 3,
      stride: 1,
      pad: 'same',
      seed: 3,
    };
    const c = await filterGradCase({ ...base, ...change });
    expect((await runDirect(c!)).fellBack).toBe(true);
  });

  it('the registered kernel agrees with cpu inside and outside the direct path', async () => {
    const mixed = fc.record({
      batch: fc.integer({ min: 1, max: 2 }),
      h: fc.integer({ min: 2, max: 9 }),
      w: fc.integer({ min: 2, max: 9 }),
      inC: fc.integer({ min: 1, max: 6 }),
      outC: fc.integer({ min: 1, max: 9 }),
      fh: fc.integer({ min: 1, max: 4 }),
      fw: fc.integer({ min: 1, max: 4 }),
      stride: fc.integer({ min: 1, max: 2 }),
      pad: fc.constantFrom<Pad>('valid', 'same', [1, 0, 0, 2]),
      seed: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(mixed, async (p) => {
        const c = await filterGradCase(p);
        fc.pre(c !== null);
        const inputs = { x: c!.x, dy: c!.dy };
        const cpu = await runKernelOn('cpu', 'Conv2DBackpropFilter', inputs, c!.attrs);
        const wasm = await runKernelOn('wasm', 'Conv2DBackpropFilter', inputs, c!.attrs);
        expect(wasm.shape).toEqual(cpu.shape);
        expectCloseToCpu(wasm.values, cpu.values);
      }),
      { numRuns: 40 },
    );
  });
});
