import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expectCloseToCpu, initWasmForTests, randomValues, runKernelOn } from '../backends/wasm-test-setup';

type Input = { shape: number[]; values: number[]; dtype?: 'float32' | 'int32' };
type Case = { inputs: Record<string, Input>; attrs: Record<string, unknown> };

async function agreesWithCpu(kernelName: string, c: Case): Promise<void> {
  const cpu = await runKernelOn('cpu', kernelName, c.inputs, c.attrs);
  const wasm = await runKernelOn('wasm', kernelName, c.inputs, c.attrs);
  expect(wasm.shape).toEqual(cpu.shape);
  expectCloseToCpu(wasm.values, cpu.values);
}

const tensor = (shape: number[], seed: number): Input => ({
  shape,
  values: randomValues(
    shape.reduce((a, b) => a * b, 1),
    seed,
  ),
});

/** Output size of one spatial axis, or 0 when the window does not fit. */
function outSize(size: number, filter: number, stride: number, dilation: number, pad: number[]): number {
  const effective = (filter - 1) * dilation + 1;
  return Math.floor((size + pad[0]! + pad[1]! - effective) / stride) + 1;
}

const padArb = fc.oneof(
  fc.constant<'valid' | 'same'>('valid'),
  fc.constant<'valid' | 'same'>('same'),
  fc.tuple(fc.nat(2), fc.nat(2), fc.nat(2), fc.nat(2)),
);

const convArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    h: fc.integer({ min: 3, max: 9 }),
    w: fc.integer({ min: 3, max: 9 }),
    inC: fc.integer({ min: 1, max: 3 }),
    outC: fc.integer({ min: 1, max: 3 }),
    fh: fc.integer({ min: 1, max: 4 }),
    fw: fc.integer({ min: 1, max: 4 }),
    sh: fc.integer({ min: 1, max: 3 }),
    sw: fc.integer({ min: 1, max: 3 }),
    dilation: fc.integer({ min: 1, max: 2 }),
    pad: padArb,
    seed: fc.nat(),
  })
  // tfjs forbids strides and dilations above 1 together.
  .map((c) => (c.dilation > 1 ? { ...c, sh: 1, sw: 1 } : c));

type ConvCase = typeof convArb extends fc.Arbitrary<infer T> ? T : never;

/** The forward output shape tfjs would compute, or null when the filter does not fit. */
function forwardOut(c: ConvCase): [number, number] | null {
  let padH = [0, 0];
  let padW = [0, 0];
  if (Array.isArray(c.pad)) {
    padH = [c.pad[0], c.pad[1]];
    padW = [c.pad[2], c.pad[3]];
  }
  if (c.pad === 'same') return [Math.ceil(c.h / c.sh), Math.ceil(c.w / c.sw)];
  const oh = outSize(c.h, c.fh, c.sh, c.dilation, padH);
  const ow = outSize(c.w, c.fw, c.sw, c.dilation, padW);
  return oh > 0 && ow > 0 ? [oh, ow] : null;
}

const tfjsPad = (c: ConvCase) =>
  Array.isArray(c.pad)
    ? [
        [0, 0],
        [c.pad[0], c.pad[1]],
        [c.pad[2], c.pad[3]],
        [0, 0],
      ]
    : c.pad;

const runs = { numRuns: 40 };

describe('wasm training kernels agree with the cpu backend', () => {
  beforeAll(initWasmForTests);

  it.each(['Conv2D', 'FusedConv2D'])(
    '%s (padding made explicit) on random shapes, strides, dilations and paddings',
    async (kernel) => {
      await fc.assert(
        fc.asyncProperty(convArb, async (c) => {
          fc.pre(forwardOut(c) !== null);
          const inputs: Case['inputs'] = {
            x: tensor([c.batch, c.h, c.w, c.inC], c.seed),
            filter: tensor([c.fh, c.fw, c.inC, c.outC], c.seed + 1),
          };
          const attrs: Case['attrs'] = {
            strides: [c.sh, c.sw],
            pad: tfjsPad(c),
            dataFormat: 'NHWC',
            dilations: [c.dilation, c.dilation],
          };
          if (kernel === 'FusedConv2D') {
            inputs['bias'] = tensor([c.outC], c.seed + 2);
            attrs['activation'] = 'relu';
          }
          await agreesWithCpu(kernel, { inputs, attrs });
        }),
        runs,
      );
    },
  );

  it("Conv2D with 'same' padding where a 1-wide filter axis has stride 2 (XNNPACK's SAME flag got these wrong)", async () => {
    for (const [h, w, fh, fw, sh, sw] of [
      [3, 4, 2, 1, 1, 2],
      [4, 3, 1, 2, 2, 1],
      [4, 4, 3, 1, 2, 2],
      [5, 4, 2, 1, 1, 2],
    ] as const) {
      await agreesWithCpu('Conv2D', {
        inputs: { x: tensor([1, h, w, 2], h * w), filter: tensor([fh, fw, 2, 4], fh + fw) },
        attrs: { strides: [sh, sw], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] },
      });
    }
  });

  it('Conv2DBackpropFilter on random shapes, strides and paddings', async () => {
    await fc.assert(
      fc.asyncProperty(convArb, async (raw) => {
        const c = { ...raw, dilation: 1 }; // conv2d gradients in tfjs require dilation 1
        const out = forwardOut(c);
        fc.pre(out !== null);
        const [oh, ow] = out!;
        await agreesWithCpu('Conv2DBackpropFilter', {
          inputs: {
            x: tensor([c.batch, c.h, c.w, c.inC], c.seed),
            dy: tensor([c.batch, oh, ow, c.outC], c.seed + 1),
          },
          attrs: {
            strides: [c.sh, c.sw],
            pad: tfjsPad(c),
            dataFormat: 'NHWC',
            filterShape: [c.fh, c.fw, c.inC, c.outC],
          },
        });
      }),
      runs,
    );
  });

  it('Conv2DBackpropInput (replaced) on random shapes, strides and paddings', async () => {
    await fc.assert(
      fc.asyncProperty(convArb, async (raw) => {
        const c = { ...raw, dilation: 1 };
        const out = forwardOut(c);
        fc.pre(out !== null);
        const [oh, ow] = out!;
        await agreesWithCpu('Conv2DBackpropInput', {
          inputs: {
            dy: tensor([c.batch, oh, ow, c.outC], c.seed),
            filter: tensor([c.fh, c.fw, c.inC, c.outC], c.seed + 1),
          },
          attrs: {
            strides: [c.sh, c.sw],
            pad: tfjsPad(c),
            dataFormat: 'NHWC',
            inputShape: [c.batch, c.h, c.w, c.inC],
          },
        });
      }),
      runs,
    );
  });

  // The cpu reference ignores dilations in depthwise gradients, and tfjs only asks for dilation 1.
  it('DepthwiseConv2dNativeBackpropFilter with multipliers, strides and paddings', async () => {
    await fc.assert(
      fc.asyncProperty(convArb, async (raw) => {
        const c = { ...raw, dilation: 1 };
        const out = forwardOut(c);
        fc.pre(out !== null);
        const [oh, ow] = out!;
        const m = c.outC;
        await agreesWithCpu('DepthwiseConv2dNativeBackpropFilter', {
          inputs: {
            x: tensor([c.batch, c.h, c.w, c.inC], c.seed),
            dy: tensor([c.batch, oh, ow, c.inC * m], c.seed + 1),
          },
          attrs: {
            strides: [c.sh, c.sw],
            dilations: [c.dilation, c.dilation],
            pad: tfjsPad(c),
            filterShape: [c.fh, c.fw, c.inC, m],
          },
        });
      }),
      runs,
    );
  });

  it('DepthwiseConv2dNativeBackpropInput with multipliers, strides and paddings', async () => {
    await fc.assert(
      fc.asyncProperty(convArb, async (raw) => {
        const c = { ...raw, dilation: 1 };
        const out = forwardOut(c);
        fc.pre(out !== null);
        const [oh, ow] = out!;
        const m = c.outC;
        await agreesWithCpu('DepthwiseConv2dNativeBackpropInput', {
          inputs: {
            dy: tensor([c.batch, oh, ow, c.inC * m], c.seed),
            filter: tensor([c.fh, c.fw, c.inC, m], c.seed + 1),
          },
          attrs: {
            strides: [c.sh, c.sw],
            dilations: [c.dilation, c.dilation],
            pad: tfjsPad(c),
            inputShape: [c.batch, c.h, c.w, c.inC],
          },
        });
      }),
      runs,
    );
  });

  it('MaxPoolGrad (replaced) and AvgPoolGrad on random windows, negative maxima included', async () => {
    await fc.assert(
      fc.asyncProperty(convArb, fc.boolean(), async (raw, useMax) => {
        const c = { ...raw, dilation: 1, pad: Array.isArray(raw.pad) ? ('valid' as const) : raw.pad };
        const out = forwardOut(c);
        fc.pre(out !== null);
        const [oh, ow] = out!;
        const x = tensor([c.batch, c.h, c.w, c.inC], c.seed);
        const dy = tensor([c.batch, oh, ow, c.inC], c.seed + 1);
        const attrs = { filterSize: [c.fh, c.fw], strides: [c.sh, c.sw], pad: c.pad };
        if (useMax) {
          const y = await runKernelOn('cpu', 'MaxPool', { x }, attrs);
          const output = { shape: y.shape, values: Array.from(y.values) };
          await agreesWithCpu('MaxPoolGrad', { inputs: { dy, input: x, output }, attrs });
        } else {
          await agreesWithCpu('AvgPoolGrad', { inputs: { dy, input: x }, attrs });
        }
      }),
      runs,
    );
  });

  it('UnsortedSegmentSum, ignoring out-of-range segment ids', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        async (rows, cols, numSegments, seed) => {
          const ids = randomValues(rows, seed + 7).map((v) => Math.floor((v + 1) * (numSegments + 1)) - 1);
          await agreesWithCpu('UnsortedSegmentSum', {
            inputs: {
              x: tensor([rows, cols], seed),
              segmentIds: { shape: [rows], values: ids, dtype: 'int32' },
            },
            attrs: { numSegments },
          });
        },
      ),
      runs,
    );
  });
});
