import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportOnnx } from '../../../graph-core/src/onnx';
import { findPython } from '../testing/python';
import { issueGraphs, otherKindGraphs, type TestGraph } from './graphs';
import { importedKindGraphs } from './graphs-imported';
import {
  compiledModel,
  maxAbsDiff,
  mnistBatch,
  namedWeights,
  perturb,
  predictTfjs,
  python,
  runOnnx,
  csvContext,
} from './testkit';

const dir = mkdtempSync(path.join(tmpdir(), 'layerloom-onnx-'));
const written: string[] = [];
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function inputs(g: TestGraph, count: number, seed: number): Float32Array {
  const size = g.shape.reduce((a, b) => a * b, 1);
  if (g.data === 'mnist') return mnistBatch(2000 + seed, count).x;
  let s = seed + 1;
  const rand = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  return Float32Array.from({ length: count * size }, () =>
    g.data === 'ids' ? Math.floor(rand() * 20) : rand() * 4 - 2,
  );
}

async function exportAndCompare(g: TestGraph, samples: number, noisy = false): Promise<number> {
  const train =
    g.data === 'mnist'
      ? {
          ...mnistBatch(0, g.name.includes('MLP') || g.name.includes('residual') ? 512 : 128),
          shape: g.shape,
        }
      : undefined;
  const model = await compiledModel(g.doc, train, g.shape);
  if (noisy) perturb(model);
  const bytes = exportOnnx(g.doc, namedWeights(model), { analysisContext: csvContext(g.shape) });
  const file = path.join(dir, `${g.name.replace(/[^a-z0-9]+/gi, '_')}.onnx`);
  writeFileSync(file, bytes);
  written.push(file);
  const x = inputs(g, samples, 0);
  const dims = [samples, ...g.shape];
  const diff = maxAbsDiff(await runOnnx(bytes, x, dims), predictTfjs(model, x, dims));
  console.log(
    `onnx export ${g.name}: max |onnxruntime - tfjs| = ${diff.toExponential(2)} on ${samples} samples`,
  );
  return diff;
}

describe('exportOnnx checked with onnxruntime-web', () => {
  for (const g of issueGraphs()) {
    it(`predicts what tfjs predicts for the ${g.name} (256 samples, 1e-4)`, async () => {
      expect(await exportAndCompare(g, 256)).toBeLessThan(1e-4);
    }, 400_000);
  }
  for (const g of otherKindGraphs()) {
    it(`predicts what tfjs predicts for ${g.name}`, async () => {
      expect(await exportAndCompare(g, 64)).toBeLessThan(1e-4);
    });
  }

  for (const g of importedKindGraphs()) {
    it(`predicts what tfjs predicts for ${g.name} (perturbed weights, 64 samples)`, async () => {
      expect(await exportAndCompare(g, 64, true)).toBeLessThan(1e-4);
    });
  }

  it("passes Debian's onnx 1.12 checker (full check with shape inference) for every file", (ctx) => {
    const found = findPython(['onnx']);
    if ('missing' in found) {
      ctx.skip(`ONNX checker skipped: ${found.missing}`);
      return;
    }
    expect(written.length).toBeGreaterThan(0);
    const out = python(
      found.python,
      [
        'import sys, onnx',
        'for p in sys.argv[1:]:',
        '    m = onnx.load(p)',
        '    onnx.checker.check_model(m, full_check=True)',
        '    print("ok", m.ir_version, m.opset_import[0].version, p)',
      ].join('\n'),
      written,
    );
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(written.length);
    for (const line of lines) expect(line).toMatch(/^ok 8 13 /);
  });
});
