import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseProject, serializeProject, type GraphDocument } from '../../../graph-core/src/document';
import { decodeWeights, joinShards, type NamedWeight } from '../../../graph-core/src/weights';
import { makeTempDir } from '../fs/test-dir';
import { writeProjectWithSidecar } from '../workspace/weights-sidecar';
import { sweepCommand } from './sweep';

const IRIS = path.resolve('assets/samples/iris-mlp.layerloom');
const t = makeTempDir('layerloom-sweepweights-');
afterAll(() => t.cleanup());

/** The iris sample with `hidden` frozen and carried in a sidecar (kernel 0.25, bias -0.5 everywhere). */
async function carriedProject(): Promise<{ file: string; weights: NamedWeight[] }> {
  const p = parseProject(await fsp.readFile(IRIS, 'utf8'));
  if (!p.ok) throw new Error(p.error);
  const doc: GraphDocument = p.doc;
  const hidden = doc.nodes.find((n) => n.id === 'hidden')!;
  hidden.params = { ...hidden.params, trainable: false };
  const units = hidden.params['units'] as number;
  const weights: NamedWeight[] = [
    { name: 'hidden/kernel', shape: [4, units], data: new Float32Array(4 * units).fill(0.25) },
    { name: 'hidden/bias', shape: [units], data: new Float32Array(units).fill(-0.5) },
  ];
  const file = path.join(t.dir, 'carried.layerloom');
  await writeProjectWithSidecar(
    file,
    { ...doc, weights: { manifest: '', nodes: ['hidden'] } },
    weights,
    serializeProject,
  );
  return { file, weights };
}

async function runWeights(runDir: string): Promise<NamedWeight[]> {
  const json = JSON.parse(await fsp.readFile(path.join(runDir, 'model', 'model.json'), 'utf8')) as {
    weightsManifest: { paths: string[]; weights: Parameters<typeof decodeWeights>[0] }[];
  };
  const group = json.weightsManifest[0]!;
  const shards = await Promise.all(group.paths.map((p) => fsp.readFile(path.join(runDir, 'model', p))));
  return decodeWeights(group.weights, joinShards(shards));
}

describe('layerloom sweep of a project that carries weights', () => {
  it('starts every variant from the sidecar weights, so frozen carried layers come out bit-identical', async () => {
    const { file, weights } = await carriedProject();
    const out = path.join(t.dir, 'sweep');
    const o = { out: '', err: '' };
    const io = { out: (s: string) => (o.out += s), err: (s: string) => (o.err += s) };
    const code = await sweepCommand(
      [file, '--set', 'opt.batchSize=8,16', '--epochs', '1', '--out', out],
      io,
      {
        onInterrupt: () => () => {},
      },
    );
    expect(o.err).toBe('');
    expect(code).toBe(0);
    for (const v of ['v01', 'v02']) {
      const saved = await runWeights(path.join(out, v));
      for (const w of weights)
        expect(Array.from(saved.find((s) => s.name === w.name)!.data), `${v} ${w.name}`).toEqual(
          Array.from(w.data),
        );
    }
    // The run graph names no sidecar it does not have; it reopens as a plain project.
    const graph = parseProject(await fsp.readFile(path.join(out, 'v01', 'graph.layerloom'), 'utf8'));
    expect(graph.ok && graph.doc.weights).toBeUndefined();
    expect(graph.ok && graph.doc.nodes.find((n) => n.id === 'hidden')?.params['trainable']).toBe(false);
  }, 120_000);

  it('resumes such a sweep from another folder: sweep.json names the project whose sidecar it reads', async () => {
    const { file, weights } = await carriedProject();
    const out = path.join(t.dir, 'resumed');
    const o = { out: '', err: '' };
    const io = { out: (s: string) => (o.out += s), err: (s: string) => (o.err += s) };
    let stop = () => {};
    const first = await sweepCommand(
      [file, '--set', 'opt.batchSize=8,16', '--epochs', '1', '--out', out],
      io,
      {
        onInterrupt: (s) => {
          stop = s;
          return () => {};
        },
        train: async (req) => {
          const { trainVariant } = await import('./sweepTrain');
          const r = await trainVariant(req);
          stop(); // Ctrl-C as the first variant ends
          return r;
        },
      },
    );
    expect(first).toBe(130);
    const cwd = process.cwd();
    process.chdir(os.tmpdir());
    try {
      expect(await sweepCommand(['--resume', out], io, { onInterrupt: () => () => {} })).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(o.err).not.toContain('layerloom sweep:');
    const saved = await runWeights(path.join(out, 'v02'));
    expect(Array.from(saved.find((s) => s.name === 'hidden/kernel')!.data)).toEqual(
      Array.from(weights[0]!.data),
    );
  }, 120_000);
});
