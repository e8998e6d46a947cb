import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { GraphDocument, JsonValue, NodeType } from '../../../graph-core/src/document';
import { applyOverrides } from '../cli/run-training';
import { readProjectFile } from '../cli/project';
import { sample } from '../cli/testkit';
import { makeTempDir } from '../fs/test-dir';
import { expectParity, graph, parityReport, torchMissing, type ParityReport } from './pytorch-testkit';

const missing = torchMissing();
const tmp = makeTempDir('layerloom-pytorch-parity-');
afterAll(() => tmp.cleanup());

/** A sample trained for one epoch on `limit` digits, half of them held out so 256 validate. */
async function sampleDoc(name: string, limit: number, edit?: (d: GraphDocument) => GraphDocument) {
  const r = await readProjectFile(sample(name));
  if (!r.ok) throw new Error(r.error);
  const doc = setParams('Dataset', { validationSplit: 0.5 })(applyOverrides(r.doc, { epochs: 1, limit }));
  return edit ? edit(doc) : doc;
}

const setParams =
  (type: NodeType, params: Record<string, JsonValue>) =>
  (d: GraphDocument): GraphDocument => ({
    ...d,
    nodes: d.nodes.map((n) => (n.type === type ? { ...n, params: { ...n.params, ...params } } : n)),
  });
const retype = (from: NodeType, to: NodeType) => (d: GraphDocument) => ({
  ...d,
  nodes: d.nodes.map((n) => (n.type === from ? { ...n, type: to } : n)),
});

const opt = { optimizer: 'adam', learningRate: 0.01, batchSize: 32, epochs: 1 };

/** Conv with even kernels and strides under `same` (uneven padding), BatchNorm, pooling with `same`. */
const bnConv = graph(
  'BatchNorm conv net',
  [
    ['data', 'Dataset', { source: 'mnist', limit: 520, validationSplit: 0.5 }],
    ['in', 'Input'],
    ['c1', 'Conv2D', { filters: 6, kernelSize: [4, 4], strides: [2, 2], padding: 'same' }],
    ['bn1', 'BatchNormalization', { momentum: 0.9, epsilon: 0.01 }],
    ['r1', 'Activation', { activation: 'relu' }],
    ['c2', 'Conv2D', { filters: 8, kernelSize: [3, 3], padding: 'same', activation: 'elu' }],
    ['p1', 'MaxPooling2D', { poolSize: [3, 3], strides: [2, 2], padding: 'same' }],
    ['p2', 'AveragePooling2D', { poolSize: [2, 2], strides: [2, 2], padding: 'same' }],
    ['bn2', 'BatchNormalization'],
    ['flat', 'Flatten'],
    ['drop', 'Dropout', { rate: 0.3 }],
    ['out', 'Dense', { units: 10, activation: 'softmax' }],
    ['loss', 'Loss'],
    ['opt', 'Optimizer', opt],
  ],
  [
    'data>in',
    'in>c1',
    'c1>bn1',
    'bn1>r1',
    'r1>c2',
    'c2>p1',
    'p1>p2',
    'p2>bn2',
    'bn2>flat',
    'flat>drop',
    'drop>out',
    'out>loss',
    'loss>opt',
  ],
);

/** Iris through Normalize, two branches joined by Concatenate, Multiply and Average, and every activation node. */
const concat = graph(
  'Concatenate graph (spiral)',
  [
    ['data', 'Dataset', { source: 'spiral', samples: 600, validationSplit: 0.5 }],
    ['norm', 'Normalize', { method: 'standardize' }],
    ['in', 'Input'],
    ['a', 'Dense', { units: 8, activation: 'tanh' }],
    ['b', 'Dense', { units: 8, activation: 'swish' }],
    ['c', 'Dense', { units: 8, activation: 'gelu', useBias: false }],
    ['leaky', 'LeakyReLU', { alpha: 0.2 }],
    ['elu', 'ELU'],
    ['prelu', 'PReLU'],
    ['mul', 'Multiply'],
    ['avg', 'Average'],
    ['cat', 'Concatenate'],
    ['logits', 'Dense', { units: 2 }],
    ['soft', 'Softmax'],
    ['loss', 'Loss', { loss: 'sparseCategoricalCrossentropy' }],
    ['opt', 'Optimizer', { ...opt, epochs: 5 }],
  ],
  [
    'data>norm',
    'norm>in',
    'in>a',
    'in>b',
    'in>c',
    'a>leaky',
    'b>elu',
    'c>prelu',
    'leaky>mul:0',
    'elu>mul:1',
    'elu>avg:0',
    'prelu>avg:1',
    'mul>cat:0',
    'avg>cat:1',
    'in>cat:2',
    'cat>logits',
    'logits>soft',
    'soft>loss',
    'loss>opt',
  ],
);

/** Token ids from a CSV into Embedding, then a Conv1D with an even `same` kernel and a SimpleRNN. */
const embedding = graph(
  'Embedding model',
  [
    ['data', 'Dataset', { source: 'csv', path: 'tokens.csv', labelColumn: 'label', validationSplit: 0.5 }],
    ['in', 'Input'],
    ['emb', 'Embedding', { inputDim: 12, outputDim: 5 }],
    ['conv', 'Conv1D', { filters: 4, kernelSize: [4], padding: 'same', activation: 'relu' }],
    ['flat', 'Flatten'],
    ['rnn', 'SimpleRNN', { units: 6, returnSequences: true }],
    ['rflat', 'Flatten'],
    ['gru', 'GRU', { units: 3, activation: 'relu', recurrentActivation: 'sigmoid' }],
    ['cat', 'Concatenate'],
    ['out', 'Dense', { units: 2, activation: 'softmax' }],
    ['loss', 'Loss'],
    ['opt', 'Optimizer', { ...opt, epochs: 2 }],
  ],
  [
    'data>in',
    'in>emb',
    'emb>conv',
    'conv>flat',
    'emb>rnn',
    'emb>gru',
    'flat>cat:0',
    'rnn>rflat',
    'rflat>cat:1',
    'gru>cat:2',
    'cat>out',
    'out>loss',
    'loss>opt',
  ],
);

function tokensCsv(): string {
  const rows = ['t0,t1,t2,t3,t4,t5,label'];
  let s = 7;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) % 12;
  for (let i = 0; i < 560; i++) {
    const t = Array.from({ length: 6 }, next);
    rows.push(`${t.join(',')},${t[0]! + t[5]! > 11 ? 'high' : 'low'}`);
  }
  return rows.join('\n') + '\n';
}

/** Padding, cropping, up-sampling, global max pooling, RepeatVector, Permute, LayerNormalization, frozen Conv2D and BatchNormalization. */
const reshaping = graph(
  'Reshaping layers',
  [
    ['data', 'Dataset', { source: 'mnist', limit: 520, validationSplit: 0.5 }],
    ['in', 'Input'],
    [
      'pad',
      'ZeroPadding2D',
      {
        padding: [
          [1, 2],
          [0, 1],
        ],
      },
    ],
    ['c1', 'Conv2D', { filters: 4, kernelSize: [3, 3], trainable: false }],
    ['bn', 'BatchNormalization', { trainable: false }],
    ['crop', 'Cropping2D', { cropping: [1, 1] }],
    ['up', 'UpSampling2D', { size: [2, 1] }],
    ['gmp', 'GlobalMaxPooling2D'],
    ['pool', 'MaxPooling2D', { poolSize: [3, 3] }],
    ['flat', 'Flatten'],
    ['d1', 'Dense', { units: 6, activation: 'relu' }],
    ['rep', 'RepeatVector', { n: 3 }],
    ['perm', 'Permute', { dims: [2, 1] }],
    ['gmp1', 'GlobalMaxPooling1D'],
    ['ln', 'LayerNormalization'],
    ['cat', 'Concatenate'],
    ['out', 'Dense', { units: 10, activation: 'softmax' }],
    ['loss', 'Loss'],
    ['opt', 'Optimizer', opt],
  ],
  [
    'data>in',
    'in>pad',
    'pad>c1',
    'c1>bn',
    'bn>crop',
    'crop>up',
    'up>gmp',
    'crop>pool',
    'pool>flat',
    'flat>d1',
    'd1>rep',
    'rep>perm',
    'perm>gmp1',
    'gmp1>ln',
    'gmp>cat:0',
    'ln>cat:1',
    'cat>out',
    'out>loss',
    'loss>opt',
  ],
);

const CASES: [string, () => Promise<GraphDocument>][] = [
  ['mnist-mlp', () => sampleDoc('mnist-mlp', 600)],
  ['mnist-cnn', () => sampleDoc('mnist-cnn', 520)],
  ['lstm', () => sampleDoc('mnist-lstm', 520, setParams('LSTM', { units: 16 }))],
  [
    'lstm-sigmoid',
    () => sampleDoc('mnist-lstm', 520, setParams('LSTM', { units: 16, recurrentActivation: 'sigmoid' })),
  ],
  [
    'gru',
    () => sampleDoc('mnist-lstm', 520, (d) => setParams('GRU', { units: 16 })(retype('LSTM', 'GRU')(d))),
  ],
  ['residual', () => sampleDoc('residual-mlp', 600)],
  ['bn-conv', async () => bnConv],
  ['concatenate', async () => concat],
  ['embedding', async () => embedding],
  ['reshaping', async () => reshaping],
];

describe.skipIf(missing !== null)('PyTorch export predicts what tfjs predicts', () => {
  let report: ParityReport = {};

  beforeAll(async () => {
    const project = path.join(tmp.dir, 'project');
    mkdirSync(project, { recursive: true });
    writeFileSync(path.join(project, 'tokens.csv'), tokensCsv());
    report = await parityReport(CASES, tmp.dir, project);
  }, 600_000);

  it.each(CASES.map(([name]) => [name]))(
    '%s: same validation inputs and predictions within 1e-4 on up to 256 samples',
    (name) => expectParity(report, name),
  );
});

if (missing !== null)
  describe('PyTorch export parity', () => it.skip(`needs torch: ${missing}`, () => undefined));
