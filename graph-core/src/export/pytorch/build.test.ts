import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { prepare } from '../../data/pipeline';
import type { Dataset } from '../../data/types';
import { chainDocument, type NodeSpec } from '../../document/testkit';
import type { GraphDocument } from '../../document/types';
import type { NamedWeight } from '../../weights/named';
import { buildPytorchProject, PytorchExportError } from './index';

const images: Dataset = {
  name: 'tiny images',
  modality: 'image',
  featureShape: [6, 6, 1],
  task: 'classification',
  numClasses: 2,
  classNames: ['a', 'b'],
  count: 10,
  x: Float32Array.from({ length: 360 }, (_, i) => (i % 7) / 7),
  y: Float32Array.from({ length: 10 }, (_, i) => i % 2),
};
const data = prepare(
  images,
  { source: 'x', samples: 0, noise: 0, limit: null, validationSplit: 0.2, testSplit: 0.1, seed: 1 },
  'data',
);

const doc = (layers: NodeSpec[]): GraphDocument =>
  chainDocument([['data', 'Dataset'], ['in', 'Input'], ...layers, ['loss', 'Loss'], ['opt', 'Optimizer']]);
const w = (name: string, shape: number[]): NamedWeight => ({
  name,
  shape,
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i),
});
const file = (files: { path: string; contents: string | Uint8Array }[], path: string) =>
  files.find((f) => f.path === path)!.contents;

describe('buildPytorchProject', () => {
  const conv = doc([
    ['c1', 'Conv2D', { filters: 2, kernelSize: [2, 2], padding: 'same' }],
    ['bn', 'BatchNormalization'],
    ['flat', 'Flatten'],
    ['out', 'Dense', { units: 2, activation: 'softmax' }],
  ]);
  const convWeights = [
    w('c1/kernel', [2, 2, 1, 2]),
    w('c1/bias', [2]),
    w('bn/gamma', [2]),
    w('bn/beta', [2]),
    w('bn/moving_mean', [2]),
    w('bn/moving_variance', [2]),
    w('out/kernel', [72, 2]),
    w('out/bias', [2]),
  ];

  it('writes one line per layer named after the node, pads even same kernels explicitly and flattens in Keras order', () => {
    const files = buildPytorchProject({ document: conv, weights: convWeights, data });
    const model = file(files, 'model.py') as string;
    expect(model).toContain('# Conv2D "c1"');
    expect(model).toContain('self.c1 = nn.Conv2d(1, 2, kernel_size=(2, 2))');
    expect(model).toContain('c1 = self.c1(F.pad(x.permute(0, 3, 1, 2), (0, 1, 0, 1)))');
    expect(model).toContain('self.bn = nn.BatchNorm2d(2, eps=0.001, momentum=0.01)');
    expect(model).toContain('flat = bn.permute(0, 2, 3, 1).flatten(1)');
    expect(model).toContain('out = torch.softmax(self.out(flat), dim=-1)');
    expect(files.map((f) => f.path).sort()).toEqual(
      [
        'README.md',
        'config.json',
        'data.npz',
        'data.py',
        'graph.layerloom',
        'losses.py',
        'model.py',
        'requirements.txt',
        'train.py',
        'weights.npz',
      ].sort(),
    );
    const npz = unzipSync(file(files, 'weights.npz') as Uint8Array);
    expect(Object.keys(npz).sort()).toEqual(
      [
        'bn.bias',
        'bn.num_batches_tracked',
        'bn.running_mean',
        'bn.running_var',
        'bn.weight',
        'c1.bias',
        'c1.weight',
        'out.bias',
        'out.weight',
      ]
        .map((k) => `${k}.npy`)
        .sort(),
    );
    const config = JSON.parse(file(files, 'config.json') as string);
    expect(config.training).toMatchObject({
      loss: 'categoricalCrossentropy',
      labelEncoding: 'onehot',
      outputUnits: 2,
    });
    expect(config.data.counts).toEqual({ train: 7, validation: 2, test: 1 });
  });

  it("gives train.py's fresh start each Dense kernelInitializer, after the Keras-like default", () => {
    const files = buildPytorchProject({
      document: doc([
        ['flat', 'Flatten'],
        ['h', 'Dense', { units: 4, kernelInitializer: 'heNormal' }],
        ['n', 'Dense', { units: 3, kernelInitializer: 'randomNormal' }],
        ['out', 'Dense', { units: 2 }],
      ]),
      weights: [
        w('h/kernel', [36, 4]),
        w('h/bias', [4]),
        w('n/kernel', [4, 3]),
        w('n/bias', [3]),
        w('out/kernel', [3, 2]),
        w('out/bias', [2]),
      ],
      data,
    });
    const model = file(files, 'model.py') as string;
    const after = model.slice(model.indexOf('        init_like_keras(self)'));
    expect(after).toContain('nn.init.kaiming_normal_(self.h.weight, nonlinearity="relu")');
    expect(after).toContain('nn.init.normal_(self.n.weight, 0.0, 0.05)');
    expect(model).not.toContain('self.out.weight,');
  });

  it('names the node and field when BatchNormalization normalises another axis than the channels', () => {
    const bad = doc([
      ['bn', 'BatchNormalization', { axis: 1 }],
      ['flat', 'Flatten'],
      ['out', 'Dense', { units: 2 }],
    ]);
    const run = () => buildPytorchProject({ document: bad, weights: [], data });
    expect(run).toThrow(PytorchExportError);
    expect(run).toThrow(
      expect.objectContaining({
        nodeId: 'bn',
        field: 'axis',
        format: 'pytorch',
        fix: 'set axis to -1',
      }),
    );
  });

  it('names the node and weight when the weights do not belong to the graph', () => {
    const missing = convWeights.filter((x) => x.name !== 'out/kernel');
    expect(() => buildPytorchProject({ document: conv, weights: missing, data })).toThrow(
      expect.objectContaining({
        nodeId: 'out',
        field: 'weights',
        message: expect.stringContaining('"out/kernel"'),
      }),
    );
    const wrong = convWeights.map((x) => (x.name === 'c1/kernel' ? w('c1/kernel', [3, 3, 1, 2]) : x));
    expect(() => buildPytorchProject({ document: conv, weights: wrong, data })).toThrow(
      /has shape \[3, 3, 1, 2\] but the graph needs \[2, 2, 1, 2\]/,
    );
  });

  it('refuses an import placeholder, and a mode torch cannot reproduce, naming the node and saying what to do', () => {
    const odd = doc([
      ['lrn', 'Unsupported', { op: 'LRN', source: 'ONNX' }],
      ['flat', 'Flatten'],
      ['out', 'Dense', { units: 2 }],
    ]);
    expect(() => buildPytorchProject({ document: odd, weights: [], data })).toThrow(
      expect.objectContaining({
        nodeId: 'lrn',
        field: 'op',
        message: expect.stringContaining('(LRN)'),
        fix: 'replace it with supported nodes',
      }),
    );
    const bilinear = doc([
      ['up', 'UpSampling2D', { interpolation: 'bilinear' }],
      ['flat', 'Flatten'],
      ['out', 'Dense', { units: 2 }],
    ]);
    expect(() => buildPytorchProject({ document: bilinear, weights: [], data })).toThrow(
      expect.objectContaining({ nodeId: 'up', field: 'interpolation' }),
    );
  });
});
