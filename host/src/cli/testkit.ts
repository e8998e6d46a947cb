import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GraphDocument, GraphNode } from '../../../graph-core/src/document';
import type { Console } from './main';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SAMPLES = path.join(ROOT, 'assets', 'samples');
export const sample = (name: string) => path.join(SAMPLES, `${name}.layerloom`);

/** Builds the MNIST asset when missing (a no-op when it is up to date). */
export function ensureDataAsset(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-data.mjs')], { stdio: 'ignore' });
}

export function captureConsole(): Console & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: { write: (s: string) => (out += s), isTTY: false },
    err: { write: (s: string) => (err += s), isTTY: false },
    stdout: () => out,
    stderr: () => err,
  };
}

type Params = GraphNode['params'];

/**
 * Writes `DIR/NAME.layerloom`: Dataset → data steps → Input → layers → Loss → Optimizer (1 epoch,
 * batch 8), wired in order, with ids data, step0…, in, `${layerId}0`…, loss, opt. Returns the file.
 */
export function writeChainProject(
  dir: string,
  name: string,
  o: { dataset: Params; steps?: [string, Params][]; layers: [string, Params][]; layerId: string },
): string {
  const nodes = [
    { id: 'data', type: 'Dataset', params: o.dataset },
    ...(o.steps ?? []).map(([type, params], i) => ({ id: `step${i}`, type, params })),
    { id: 'in', type: 'Input', params: {} },
    ...o.layers.map(([type, params], i) => ({ id: `${o.layerId}${i}`, type, params })),
    { id: 'loss', type: 'Loss', params: {} },
    { id: 'opt', type: 'Optimizer', params: { epochs: 1, batchSize: 8 } },
  ] as GraphNode[];
  const doc: GraphDocument = {
    format: 'layerloom',
    version: 1,
    name,
    nodes,
    edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: n.id })),
  };
  const file = path.join(dir, `${name}.layerloom`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}
