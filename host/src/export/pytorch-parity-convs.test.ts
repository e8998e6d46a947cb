import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../../graph-core/src/document';
import { makeTempDir } from '../fs/test-dir';
import {
  expectParity,
  graph,
  parityReport,
  runPython,
  torchMissing,
  type ParityReport,
} from './pytorch-testkit';

const missing = torchMissing();
const tmp = makeTempDir('layerloom-pytorch-convs-');
afterAll(() => tmp.cleanup());

const opt = { optimizer: 'adam', learningRate: 0.01, batchSize: 32, epochs: 1 };
const mnist = { source: 'mnist', limit: 520, validationSplit: 0.5 };

/**
 * DepthwiseConv2D and SeparableConv2D with uneven `same` padding, strides, depth multipliers and no
 * bias; Conv2DTranspose under `same` with a crop at the start (k 4, s 2) and under `valid` with
 * kernels shorter than the stride on one axis (output_padding) and longer on the other.
 */
const convs = graph(
  'Depthwise, separable and transposed convolutions',
  [
    ['data', 'Dataset', mnist],
    ['in', 'Input'],
    [
      'dw1',
      'DepthwiseConv2D',
      { kernelSize: [3, 3], strides: [2, 2], padding: 'same', depthMultiplier: 2, activation: 'relu' },
    ],
    ['sep1', 'SeparableConv2D', { filters: 6, kernelSize: [2, 2], padding: 'same', depthMultiplier: 2 }],
    ['dw2', 'DepthwiseConv2D', { kernelSize: [3, 3], padding: 'valid', useBias: false, activation: 'tanh' }],
    [
      'ct1',
      'Conv2DTranspose',
      { filters: 4, kernelSize: [4, 4], strides: [2, 2], padding: 'same', activation: 'relu' },
    ],
    ['pool', 'MaxPooling2D', { poolSize: [4, 4] }],
    ['ct2', 'Conv2DTranspose', { filters: 3, kernelSize: [2, 3], strides: [3, 2], padding: 'valid' }],
    [
      'sep2',
      'SeparableConv2D',
      {
        filters: 4,
        kernelSize: [3, 3],
        strides: [2, 2],
        padding: 'valid',
        useBias: false,
        activation: 'elu',
      },
    ],
    [
      'ct3',
      'Conv2DTranspose',
      { filters: 2, kernelSize: [1, 1], strides: [2, 2], padding: 'same', useBias: false },
    ],
    ['flat', 'Flatten'],
    ['out', 'Dense', { units: 10, activation: 'softmax' }],
    ['loss', 'Loss'],
    ['opt', 'Optimizer', opt],
  ],
  [
    'data>in',
    'in>dw1',
    'dw1>sep1',
    'sep1>dw2',
    'dw2>ct1',
    'ct1>pool',
    'pool>ct2',
    'ct2>sep2',
    'sep2>ct3',
    'ct3>flat',
    'flat>out',
    'out>loss',
    'loss>opt',
  ],
);

/** Every inner kind and merge mode of Bidirectional, sequences and last states, tfjs's gates and sigmoid ones. */
const bidirectional = graph(
  'Bidirectional recurrent layers',
  [
    ['data', 'Dataset', mnist],
    ['in', 'Input'],
    ['seq', 'Reshape', { targetShape: [28, 28] }],
    ['b1', 'Bidirectional', { layer: 'LSTM', units: 8, returnSequences: true, mergeMode: 'concat' }],
    ['b2', 'Bidirectional', { layer: 'GRU', units: 6, mergeMode: 'ave' }],
    ['b3', 'Bidirectional', { layer: 'SimpleRNN', units: 5, activation: 'relu', mergeMode: 'mul' }],
    [
      'b4',
      'Bidirectional',
      { layer: 'LSTM', units: 4, recurrentActivation: 'sigmoid', mergeMode: 'sum', useBias: false },
    ],
    ['b5', 'Bidirectional', { layer: 'GRU', units: 3, returnSequences: true, mergeMode: 'sum' }],
    ['flat5', 'Flatten'],
    ['cat', 'Concatenate'],
    ['out', 'Dense', { units: 10, activation: 'softmax' }],
    ['loss', 'Loss'],
    ['opt', 'Optimizer', opt],
  ],
  [
    'data>in',
    'in>seq',
    'seq>b1',
    'b1>b2',
    'seq>b3',
    'seq>b4',
    'seq>b5',
    'b5>flat5',
    'b2>cat:0',
    'b3>cat:1',
    'b4>cat:2',
    'flat5>cat:3',
    'cat>out',
    'out>loss',
    'loss>opt',
  ],
);

const CASES: [string, () => Promise<GraphDocument>][] = [
  ['convs', async () => convs],
  ['bidirectional', async () => bidirectional],
];

describe.skipIf(missing !== null)('PyTorch export of the imported layer kinds', () => {
  let report: ParityReport = {};

  beforeAll(async () => {
    report = await parityReport(CASES, tmp.dir, tmp.dir);
  }, 600_000);

  it.each(CASES.map(([name]) => [name]))(
    '%s: predictions equal tfjs to 1e-4 on 256 validation samples',
    (name) => expectParity(report, name),
  );

  it.each(CASES.map(([name]) => [name]))(
    '%s: train.py trains it one epoch from fresh weights and writes a completed run folder',
    (name) => {
      const dir = path.join(tmp.dir, name);
      const run = runPython(['train.py', '--epochs', '1', '--out', path.join(dir, 'run')], {
        cwd: dir,
        timeout: 300_000,
      });
      expect(run.status, run.stderr).toBe(0);
      const summary = JSON.parse(readFileSync(path.join(dir, 'run', 'summary.json'), 'utf8')) as {
        status: string;
        epochs: number;
        final: { loss: number };
      };
      expect(summary).toMatchObject({ status: 'completed', epochs: 1 });
      expect(Number.isFinite(summary.final.loss)).toBe(true);
    },
    300_000,
  );
});

if (missing !== null)
  describe('PyTorch export of the imported layer kinds', () =>
    it.skip(`needs torch: ${missing}`, () => undefined));
