import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPython, torchMissing } from '../export/pytorch-testkit';
import { makeTempDir } from '../fs/test-dir';
import { main, EXIT } from './main';
import { captureConsole, ensureDataAsset, sample } from './testkit';

const tmp = makeTempDir('layerloom-export-pytorch-');
afterAll(() => tmp.cleanup());
const at = (...parts: string[]) => path.join(tmp.dir, ...parts);
const missing = torchMissing();

async function cli(...argv: string[]) {
  const c = captureConsole();
  const code = await main(argv, { console: c, onInterrupt: () => undefined });
  return { code, out: c.stdout(), err: c.stderr() };
}

const irisRun = at('iris-run');
beforeAll(async () => {
  ensureDataAsset(); // the MNIST CNN case below reads the shipped digits
  const r = await cli('train', sample('iris-mlp'), '--epochs', '3', '--backend', 'cpu', '--out', irisRun);
  expect(r.code).toBe(EXIT.ok);
}, 120_000);

describe('layerloom export --format pytorch', () => {
  it('writes the project from a run folder, and its model reaches the run’s validation accuracy on the run’s split', () => {
    const out = at('iris-torch');
    const r = cli('export', irisRun, '--format', 'pytorch', '--out', out);
    return r.then(({ code, out: stdout, err }) => {
      expect(err).toBe('');
      expect(code).toBe(EXIT.ok);
      for (const f of [
        'model.py',
        'weights.npz',
        'data.py',
        'data.npz',
        'train.py',
        'README.md',
        'config.json',
      ])
        expect(stdout).toContain(`  ${f}\n`);
      expect(readFileSync(path.join(out, 'README.md'), 'utf8')).toContain(
        '| `hidden` | Dense | `nn.Linear(4, 16)` |',
      );
      if (missing) return;
      const summary = JSON.parse(readFileSync(path.join(irisRun, 'summary.json'), 'utf8')) as {
        final: { val_acc: number };
      };
      const check = runPython(
        [
          '-c',
          'from model import load_model\nfrom data import load_splits\nimport torch\nx, y = load_splits()["validation"]\nwith torch.no_grad():\n    print((load_model()(x).argmax(-1) == y.long()).float().mean().item())',
        ],
        { cwd: out },
      );
      expect(check.status, check.stderr).toBe(0);
      expect(Number(check.stdout.trim())).toBeCloseTo(summary.final.val_acc, 6);
    });
  }, 120_000);

  it('exits 1 naming the node, the field and the fix when PyTorch cannot express the graph', async () => {
    const doc = JSON.parse(readFileSync(sample('mnist-cnn'), 'utf8')) as {
      nodes: { id: string; type: string; params: Record<string, unknown> }[];
      edges: { id: string; source: string; target: string }[];
    };
    doc.nodes.push({ id: 'bn', type: 'BatchNormalization', params: { axis: 1 } });
    doc.edges = doc.edges.map((e) => (e.source === 'conv1' ? { ...e, source: 'bn' } : e));
    doc.edges.push({ id: 'ebn', source: 'conv1', target: 'bn' });
    const file = at('bn-height.layerloom');
    writeFileSync(file, JSON.stringify(doc));
    const r = await cli('export', file, '--format', 'pytorch', '--out', at('bn'));
    expect(r.code).toBe(EXIT.invalid);
    expect(r.err).toMatch(
      /cannot export as pytorch: BatchNormalization "bn": axis 1 is not the channel axis/,
    );
    expect(r.err).toMatch(/node bn, field axis: set axis to -1/);
    expect(existsSync(at('bn', 'model.py'))).toBe(false);
  }, 120_000);
});
