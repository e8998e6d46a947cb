import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../../graph-core/src/onnx';
import { findPython } from '../testing/python';
import { importAndPredict, pythonFixtures } from './testkit';

/**
 * What torch.onnx.export (opset 13, dynamic batch) writes for padded pools, `x.view(x.size(0), -1)`
 * and nn.GRU, with each file's float parameter count.
 */
const FIXTURES = `

class View(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 3, 3)
        self.fc = nn.Linear(3 * 4 * 4, 5)
    def forward(self, x):
        y = torch.relu(self.conv(x))
        return torch.softmax(self.fc(y.view(y.size(0), -1)), dim=1)

class Gru(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(3, 4, batch_first=True)
        self.fc = nn.Linear(4, 2)
    def forward(self, x):
        y, _ = self.gru(x)
        return self.fc(y[:, -1])

models = {
    'view': (View(), [1, 2, 6, 6]),
    # MaxPool pads [1, 1, 1, 1] where TF's 'same' pads [0, 1]; AvgPool2d(count_include_pad=True) is Pad + AveragePool;
    # AvgPool2d(count_include_pad=False) on 7 cells pads as 'same' does.
    'pools': (nn.Sequential(nn.Conv2d(2, 4, 3), nn.ReLU(), nn.MaxPool2d(3, stride=2, padding=1),
                            nn.AvgPool2d(3, stride=1, padding=1),
                            nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False),
                            nn.Flatten(), nn.Linear(4 * 4 * 4, 3)), [1, 2, 16, 16]),
    'maxpool_signed': (nn.Sequential(nn.Conv2d(2, 4, 3), nn.MaxPool2d(3, stride=2, padding=1), nn.Flatten(),
                                     nn.Linear(4 * 4 * 4, 3)), [1, 2, 10, 10]),
    'avgpool_uncounted': (nn.Sequential(nn.Conv2d(2, 4, 3), nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False),
                                        nn.Flatten(), nn.Linear(4 * 4 * 4, 3)), [1, 2, 10, 10]),
    'gru': (Gru(), [1, 5, 3]),
}
counts = {}
for name, (model, shape) in models.items():
    model.eval()
    m = export(model, shape, name)
    counts[name] = {'params': float_params(m), 'ops': [n.op_type for n in m.graph.node]}
print(json.dumps(counts))
`;

type Fixture = { params: number; ops: string[] };

const found = findPython(['torch', 'onnx']);
const skip = 'missing' in found ? found.missing : null;

describe.skipIf(skip !== null)(
  'importOnnx of padded pools, shape arithmetic and GRU from torch.onnx.export',
  () => {
    const { fixtures, load } = pythonFixtures<Record<string, Fixture>>(FIXTURES);

    it.each([
      ['view', [2, 6, 6], ['Shape', 'Gather', 'Unsqueeze', 'Concat', 'Reshape']],
      ['pools', [2, 16, 16], ['MaxPool', 'Pad', 'AveragePool']],
    ] as const)(
      'imports %s (torch writes %j …): validates, same param count, predictions equal onnxruntime (64 inputs, 1e-4)',
      async (name, dims, ops) => {
        const f = fixtures[name]!;
        for (const op of ops) expect(f.ops).toContain(op);
        const { document, analysis, vsOnnx } = await importAndPredict(
          load(name),
          [64, ...dims],
          name === 'view' ? 5 : 3,
        );
        expect(document.nodes.some((n) => n.type === 'Unsupported')).toBe(false);
        expect(analysis.totalParams).toBe(f.params);
        console.log(
          `onnx import torch ${name}: ${document.nodes.map((n) => n.type).join(' ')}; max |tfjs - onnxruntime| = ${vsOnnx.toExponential(2)}`,
        );
        expect(vsOnnx).toBeLessThan(1e-4);
      },
      120_000,
    );

    it.each([
      [
        'maxpool_signed',
        /MaxPool .*pads \[1, 1, 1, 1\] are not TensorFlow's 'same'.*never negative.*Conv2D "/,
      ],
      [
        'avgpool_uncounted',
        /AveragePool .*pads \[1, 1, 1, 1\] are not TensorFlow's 'same'.*count_include_pad 0/,
      ],
      [
        'gru',
        /ONNX op GRU at node '.*' is not supported: linear_before_reset = 1 .*tfjs 4\.22 GRU supports only reset_after=False/,
      ],
    ] as const)('refuses %s with a placeholder that says why', (name, why) => {
      const { document, warnings } = importOnnx(load(name), { dataset: { source: 'csv', path: 'data.csv' } });
      expect(
        warnings.some((w) => why.test(w)),
        warnings.join('\n'),
      ).toBe(true);
      const placeholder = document.nodes.find(
        (n) => n.type === 'Unsupported' && why.test(String(n.params['message'])),
      );
      expect(placeholder).toBeDefined();
    });
  },
);

if (skip !== null)
  describe('importOnnx of torch.onnx.export fixtures', () =>
    it.skip(`PyTorch fixtures skipped: ${skip}`, () => undefined));
