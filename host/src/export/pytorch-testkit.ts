import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { compileGraph } from '../../../graph-core/src/compile';
import { loadDataForGraph, type PreparedData } from '../../../graph-core/src/data';
import type { GraphDocument, JsonValue, NodeType } from '../../../graph-core/src/document';
import { encodeNpy } from '../../../graph-core/src/export';
import { trainModel } from '../../../graph-core/src/train';
import type { NamedWeight } from '../../../graph-core/src/weights';
import { weightsOfModel } from './model-weights';
import { chooseBackend } from '../cli/backend';
import { ensureDataAsset } from '../cli/testkit';
import { nodeDataIO } from '../cli/node-io';
import { writePytorchProject } from './pytorch';

export const PYTHON = '/usr/bin/python3';

/** Why torch tests cannot run here, or null when `/usr/bin/python3` imports torch and numpy. */
export function torchMissing(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} cannot be started (${r.error.message})`;
  return r.status === 0 ? null : `${PYTHON} cannot import torch: ${r.stderr.trim().split('\n').pop() ?? ''}`;
}

export function runPython(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number },
) {
  return spawnSync(PYTHON, args, {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeout ?? 120_000,
    env: { ...process.env, OMP_NUM_THREADS: '1', ...options.env },
  });
}

let nextId = 0;
type NodeSpec = [id: string, type: NodeType, params?: Record<string, JsonValue>];

/** A graph from a node list and `a>b` wires (`a>b:1` for port in1). */
export function graph(name: string, nodes: NodeSpec[], wires: string[]): GraphDocument {
  return {
    format: 'layerloom',
    version: 1,
    name,
    nodes: nodes.map(([id, type, params]) => ({ id, type, params: params ?? {}, position: { x: 0, y: 0 } })),
    edges: wires.map((w) => {
      const [from, rest] = w.split('>') as [string, string];
      const [to, port] = rest.split(':');
      return {
        id: `e${nextId++}`,
        source: from,
        target: to!,
        ...(port ? { targetHandle: `in${port}` } : {}),
      };
    }),
  };
}

export interface ExportedCase {
  dir: string;
  data: PreparedData;
  weights: NamedWeight[];
}

/**
 * Trains `doc` briefly with Layerloom (wasm backend), exports it to `dir` and leaves beside the project what
 * the parity check compares: `expected.npy` (tfjs predictions) and `val_x.npy` (the validation
 * samples Layerloom fed), for the first `samples` validation samples.
 */
export async function trainAndExport(doc: GraphDocument, dir: string, projectDir: string, samples = 256) {
  await chooseBackend('wasm');
  const data = await loadDataForGraph(doc, nodeDataIO(projectDir));
  const compiled = compileGraph(doc, { featureShape: data.featureShape, task: data.task });
  await trainModel({ compiled, data });
  const weights = weightsOfModel(compiled.model);
  const n = Math.min(samples, data.validation.count);
  const size = data.featureShape.reduce((a, b) => a * b, 1);
  const x = data.validation.x.slice(0, n * size);
  const pred = tf.tidy(() => compiled.model.predict(tf.tensor(x, [n, ...data.featureShape])) as tf.Tensor);
  const expected = Float32Array.from(pred.dataSync());
  const outShape = pred.shape;
  pred.dispose();
  compiled.model.dispose();
  await writePytorchProject({ document: doc, weights, data }, dir);
  writeFileSync(
    path.join(dir, 'expected.npy'),
    encodeNpy({ dtype: 'float32', shape: outShape, data: expected }),
  );
  writeFileSync(
    path.join(dir, 'val_x.npy'),
    encodeNpy({ dtype: 'float32', shape: [n, ...data.featureShape], data: x }),
  );
  return { dir, data, weights };
}

/** Loads each export's model.py and data.py in one Python process and compares with tfjs. */
export const PARITY_SCRIPT = `
import importlib.util, json, sys
from pathlib import Path
import numpy as np, torch

def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

report = {}
for k, d in enumerate(sys.argv[1:]):
    d = Path(d)
    try:
        model_py = load(d / "model.py", f"model_{k}")
        data_py = load(d / "data.py", f"data_{k}")
        model = model_py.load_model()
        x_val, _ = data_py.load_splits()["validation"]
        expected = np.load(d / "expected.npy")
        fed = np.load(d / "val_x.npy")
        n = len(fed)
        with torch.no_grad():
            got = model(x_val[:n]).numpy()
        report[d.name] = {
            "n": n,
            "maxDiff": float(np.abs(got - expected).max()),
            "dataDiff": float(np.abs(x_val[:n].numpy() - fed).max()),
            "shape": list(got.shape),
        }
    except Exception as e:
        report[d.name] = {"error": f"{type(e).__name__}: {e}"}
print(json.dumps(report))
`;

/** Per case: the largest prediction difference, the largest input difference, samples compared. */
export type ParityReport = Record<
  string,
  { maxDiff?: number; dataDiff?: number; n?: number; error?: string }
>;

/**
 * Trains and exports each case into `root/NAME` (its data files beside `projectDir`), then compares
 * every export with tfjs in one Python process (PARITY_SCRIPT).
 */
export async function parityReport(
  cases: readonly (readonly [string, () => Promise<GraphDocument>])[],
  root: string,
  projectDir: string,
): Promise<ParityReport> {
  ensureDataAsset();
  const dirs: string[] = [];
  for (const [name, make] of cases) {
    const dir = path.join(root, name);
    const t0 = Date.now();
    await trainAndExport(await make(), dir, projectDir);
    console.log(`${name}: trained and exported in ${Date.now() - t0} ms`);
    dirs.push(dir);
  }
  const r = runPython(['-c', PARITY_SCRIPT, ...dirs], { cwd: root, timeout: 300_000 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  const report = JSON.parse(r.stdout) as ParityReport;
  console.log('pytorch parity', JSON.stringify(report));
  return report;
}

/** One case predicts what tfjs predicts: the same 256 validation inputs (1e-6), outputs within 1e-4. */
export function expectParity(report: ParityReport, name: string): void {
  const r = report[name];
  expect(r?.error).toBeUndefined();
  expect(r?.n).toBe(256);
  expect(r?.dataDiff).toBeLessThanOrEqual(1e-6);
  expect(r?.maxDiff).toBeLessThanOrEqual(1e-4);
}
