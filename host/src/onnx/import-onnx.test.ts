import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../../graph-core/src/compile';
import { exportOnnx, importOnnx } from '../../../graph-core/src/onnx';
import { setModelWeights } from '../export/model-weights';
import { issueGraphs } from './graphs';
import { importedKindGraphs } from './graphs-imported';
import {
  compiledModel,
  csvContext,
  importAndPredict,
  maxAbsDiff,
  mnistBatch,
  namedWeights,
  perturb,
  predictTfjs,
  pythonFixtures,
} from './testkit';

/** PyTorch models exported by torch.onnx.export (opset 13), with their parameter counts. */
const TORCH_FIXTURES = `
import torchvision

class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(2, 4, 3, padding=1)
        self.conv2 = nn.Conv2d(4, 4, 3, padding=1)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(4, 3)
    def forward(self, x):
        a = torch.relu(self.conv1(x))
        b = self.conv2(a)
        y = self.pool(torch.relu(a + b))
        return torch.softmax(self.fc(torch.flatten(y, 1)), dim=1)

models = {
    'mlp': (nn.Sequential(nn.Flatten(), nn.Linear(784, 32), nn.ReLU(), nn.Dropout(0.3), nn.Linear(32, 10), nn.Softmax(dim=1)), [1, 1, 28, 28]),
    'cnn': (nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(4, 8, 3, stride=2), nn.Tanh(), nn.Flatten(), nn.Linear(8 * 6 * 6, 10)), [1, 1, 28, 28]),
    'residual': (Residual(), [1, 2, 12, 12]),
    'mobilenet_v2': (torchvision.models.mobilenet_v2(), [1, 3, 64, 64]),
}
counts = {}
for name, (model, shape) in models.items():
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5); m.running_var.uniform_(0.5, 2.0)
            m.weight.data.uniform_(0.5, 1.5); m.bias.data.uniform_(-0.2, 0.2)
    model.eval()
    m = export(model, shape, name)
    # The source's count is the ONNX file's: in eval mode torch folds BatchNorm into the conv before it.
    counts[name] = float_params(m)
print(json.dumps(counts))
`;

describe('importOnnx of PyTorch models (torch.onnx.export)', () => {
  const {
    skip,
    fixtures: counts,
    load,
  } = pythonFixtures<Record<string, number>>(TORCH_FIXTURES, ['torch', 'onnx', 'torchvision']);

  for (const [name, dims] of [
    ['mlp', [1, 28, 28]],
    ['cnn', [1, 28, 28]],
    ['residual', [2, 12, 12]],
    ['mobilenet_v2', [3, 64, 64]],
  ] as const) {
    it(`imports the ${name}: it validates, has the ONNX file's param count and predicts as onnxruntime does (64 inputs, 1e-4)`, async (ctx) => {
      if (skip) return ctx.skip(`PyTorch fixtures skipped: ${skip}`);
      const { document, analysis, vsOnnx } = await importAndPredict(
        load(name),
        [64, ...dims],
        { residual: 3, mobilenet_v2: 1000 }[name as string] ?? 10,
      );
      expect(analysis.totalParams).toBe(counts[name]);
      console.log(
        `onnx import torch ${name}: ${document.nodes.map((n) => n.type).join(' ')}; max |tfjs - onnxruntime| = ${vsOnnx.toExponential(2)}`,
      );
      expect(vsOnnx).toBeLessThan(1e-4);
    }, 400_000);
  }
});

describe('Layerloom → exportOnnx → importOnnx', () => {
  it('gives the trained MNIST CNN back with the same predictions', async () => {
    const g = issueGraphs().find((t) => t.name === 'MNIST CNN sample')!;
    const trained = await compiledModel(g.doc, { ...mnistBatch(0, 128), shape: g.shape }, g.shape);
    const back = importOnnx(exportOnnx(g.doc, namedWeights(trained)));
    expect(back.document.nodes.map((n) => [n.id, n.type])).toEqual(g.doc.nodes.map((n) => [n.id, n.type]));
    const model = compileGraph(back.document).model;
    setModelWeights(model, back.weights);
    const { x } = mnistBatch(3000, 64);
    const diff = maxAbsDiff(predictTfjs(model, x, [64, 28, 28, 1]), predictTfjs(trained, x, [64, 28, 28, 1]));
    expect(diff).toBeLessThan(1e-6);
  }, 400_000);

  it('gives Bidirectional layers (LSTM, GRU, SimpleRNN; every merge mode) back as Bidirectional nodes with the same predictions', async () => {
    const g = importedKindGraphs().find((t) => t.name.startsWith('Bidirectional'))!;
    const source = await compiledModel(g.doc, undefined, g.shape);
    perturb(source);
    const back = importOnnx(
      exportOnnx(g.doc, namedWeights(source), { analysisContext: csvContext(g.shape) }),
    );
    expect(back.warnings).toEqual([]);
    const layers = (d: typeof g.doc) =>
      d.nodes
        .filter((n) => n.type === 'Bidirectional')
        .map((n) => [n.id, n.params['layer'], n.params['mergeMode'], n.params['returnSequences']]);
    expect(layers(back.document)).toEqual(
      layers(g.doc).map(([id, layer, mode, seq]) => [id, layer, mode, seq === true]),
    );
    const model = compileGraph(back.document, { featureShape: g.shape }).model;
    setModelWeights(model, back.weights);
    const x = Float32Array.from({ length: 64 * 21 }, (_, i) => Math.sin(i * 0.61) * 2);
    const diff = maxAbsDiff(
      predictTfjs(model, x, [64, ...g.shape]),
      predictTfjs(source, x, [64, ...g.shape]),
    );
    console.log(`onnx round trip Bidirectional: max |imported - source| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-5);
  }, 120_000);
});
