import { describe, expect, it } from 'vitest';
import type { NamedWeight } from '../../weights/named';
import { emitConvTranspose, emitDepthwiseOrSeparable } from './emit-conv-more';
import { emitBidirectional } from './emit-recurrent';
import { NodeWeights } from './tensors';

const seq = (n: number) => Float32Array.from({ length: n }, (_, i) => i);
const weights = (id: string, list: [string, number[]][]) =>
  new NodeWeights(
    id,
    'T',
    new Map<string, NamedWeight>(
      list.map(([k, shape]) => [
        k,
        { name: `${id}/${k}`, shape, data: seq(shape.reduce((a, b) => a * b, 1)) },
      ]),
    ),
  );
const image = (shape: number[]) => ({ v: 'x', l: { shape, channelsFirst: false } });

describe('PyTorch layouts of the imported convolutions', () => {
  it('puts depthwise channel c, multiplier m at grouped output channel c·mult + m', () => {
    const w = weights('dw', [
      ['depthwise_kernel', [1, 2, 3, 2]],
      ['bias', [6]],
    ]);
    const e = emitDepthwiseOrSeparable(
      'DepthwiseConv2D',
      'dw',
      { kernelSize: [1, 2], strides: [1, 1], padding: 'valid', depthMultiplier: 2 },
      image([4, 4, 3]),
      w,
    );
    expect(e.module).toBe('nn.Conv2d(3, 6, kernel_size=(1, 2), groups=3)');
    const weight = e.state['weight']!;
    expect(weight.shape).toEqual([6, 1, 1, 2]);
    // Keras [kh=0, kw, c, m] at index kw·6 + c·2 + m; torch [c·2 + m, 0, 0, kw].
    expect(Array.from(weight.data as Float32Array)).toEqual([0, 6, 1, 7, 2, 8, 3, 9, 4, 10, 5, 11]);
    expect(e.out.shape).toEqual([4, 3, 6]);
  });

  it('writes SeparableConv2D as a grouped conv then a 1×1 conv, the bias on the second', () => {
    const w = weights('s', [
      ['depthwise_kernel', [3, 3, 2, 1]],
      ['pointwise_kernel', [1, 1, 2, 5]],
      ['bias', [5]],
    ]);
    const e = emitDepthwiseOrSeparable(
      'SeparableConv2D',
      's',
      { filters: 5, kernelSize: [3, 3], strides: [2, 2], padding: 'same', depthMultiplier: 1 },
      image([6, 6, 2]),
      w,
    );
    expect(e.module).toBe(
      'nn.Sequential(nn.Conv2d(2, 2, kernel_size=(3, 3), stride=(2, 2), groups=2, bias=False), nn.Conv2d(2, 5, kernel_size=1))',
    );
    expect(e.expr).toContain('F.pad(x.permute(0, 3, 1, 2), (0, 1, 0, 1))');
    expect(Object.keys(e.state)).toEqual(['0.weight', '1.weight', '1.bias']);
    expect(e.state['1.weight']!.shape).toEqual([5, 2, 1, 1]);
  });

  it("grows Conv2DTranspose to TensorFlow's size: output_padding when the kernel is shorter than the stride, a slice under same", () => {
    const w = weights('t', [
      ['kernel', [4, 2, 3, 2]],
      ['bias', [3]],
    ]);
    const e = emitConvTranspose(
      't',
      { filters: 3, kernelSize: [4, 2], strides: [2, 3], padding: 'same' },
      image([5, 5, 2]),
      w,
    );
    expect(e.module).toBe(
      'nn.ConvTranspose2d(2, 3, kernel_size=(4, 2), stride=(2, 3), output_padding=(0, 1))',
    );
    expect(e.expr).toBe('self.{name}(x.permute(0, 3, 1, 2))[:, :, 1:11, 0:15]');
    expect(e.out.shape).toEqual([10, 15, 3]);
    expect(e.state['weight']!.shape).toEqual([2, 3, 4, 2]);
    const valid = emitConvTranspose(
      't',
      { filters: 3, kernelSize: [4, 2], strides: [2, 3], padding: 'valid' },
      image([5, 5, 2]),
      w,
    );
    expect(valid.out.shape).toEqual([12, 15, 3]);
    expect(valid.expr).toBe('self.{name}(x.permute(0, 3, 1, 2))');
  });

  it('runs Bidirectional as two Keras-equation layers with their own weights, refusing a missing backward half by name', () => {
    const list: [string, number[]][] = [
      ['forward_gru/kernel', [4, 9]],
      ['forward_gru/recurrent_kernel', [3, 9]],
      ['forward_gru/bias', [9]],
    ];
    const p = { layer: 'GRU', units: 3, mergeMode: 'concat', returnSequences: true };
    expect(() =>
      emitBidirectional('bi', p, { v: 'x', l: { shape: [7, 4], channelsFirst: false } }, weights('bi', list)),
    ).toThrow(/no "bi\/backward_gru\/kernel"/);
    const both = weights('bi', [
      ...list,
      ...list.map(([k, s]): [string, number[]] => [k.replace('forward', 'backward'), s]),
    ]);
    const e = emitBidirectional('bi', p, { v: 'x', l: { shape: [7, 4], channelsFirst: false } }, both);
    expect(e.module).toMatch(
      /^KerasBidirectional\(KerasGRU\(4, 3, .*\), KerasGRU\(4, 3, .*\), merge_mode="concat", return_sequences=True\)$/,
    );
    expect(Object.keys(e.state)).toContain('backward_layer.recurrent_kernel');
    expect(e.out.shape).toEqual([7, 6]);
  });
});
