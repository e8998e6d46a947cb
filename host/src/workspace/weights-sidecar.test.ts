import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseProject, serializeProject } from '../../../graph-core/src/document';
import type { GraphDocument } from '../../../graph-core/src/document';
import { readProjectFile } from '../cli/project';
import { makeTempDir } from '../fs/test-dir';
import { readSidecarWeights, writeProjectWithSidecar } from './weights-sidecar';

const doc: GraphDocument = {
  format: 'layerloom',
  version: 2,
  name: 'carried',
  nodes: [
    { id: 'in', type: 'Input', params: { shape: [2] } },
    { id: 'd1', type: 'Dense', params: { units: 3 } },
  ],
  edges: [{ id: 'e1', source: 'in', target: 'd1' }],
};
const weights = [
  { name: 'd1/kernel', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) },
  { name: 'd1/bias', shape: [3], data: Float32Array.from([7, 8, 9]) },
];

describe('weights sidecar on disk', () => {
  let dir = '';
  let cleanup = () => {};
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  it('writes <name>.weights/ beside the project and reads the same weights back through the file', async () => {
    const file = path.join(dir, 'net.layerloom');
    const written = await writeProjectWithSidecar(file, doc, weights, serializeProject);
    expect(written.weights).toEqual({ manifest: 'net.weights/weights.json', nodes: ['d1'] });
    expect((await fsp.readdir(path.join(dir, 'net.weights'))).sort()).toEqual([
      'weights.bin',
      'weights.json',
    ]);
    const read = await readProjectFile(file);
    if (!read.ok) throw new Error(read.error);
    expect(read.doc.weights).toEqual(written.weights);
    expect(read.weights).toEqual(weights);
  });

  it('refuses a manifest path that leaves the project folder', async () => {
    await fsp.mkdir(path.join(dir, 'p'));
    await writeProjectWithSidecar(path.join(dir, 'outside.layerloom'), doc, weights, serializeProject);
    const escaping = { ...doc, weights: { manifest: '../outside.weights/weights.json', nodes: ['d1'] } };
    await expect(readSidecarWeights(path.join(dir, 'p', 'x.layerloom'), escaping)).rejects.toThrow(
      /refused: "\.\." is not allowed/,
    );
  });

  it('refuses a shard path in the manifest that leaves the folder', async () => {
    const file = path.join(dir, 'net.layerloom');
    await writeProjectWithSidecar(file, doc, weights, serializeProject);
    const manifest = path.join(dir, 'net.weights', 'weights.json');
    await fsp.writeFile(
      manifest,
      (await fsp.readFile(manifest, 'utf8')).replace('"weights.bin"', '"../../x.bin"'),
    );
    const read = await readProjectFile(file);
    expect(read).toEqual({
      ok: false,
      error: `${file}: net.weights/weights.json: weight file path "../../x.bin" refused: it leaves the model's folder`,
    });
  });

  it('says which weight is short when the shard was cut', async () => {
    const file = path.join(dir, 'net.layerloom');
    await writeProjectWithSidecar(file, doc, weights, serializeProject);
    await fsp.truncate(path.join(dir, 'net.weights', 'weights.bin'), 30);
    const read = await readProjectFile(file);
    expect(read.ok ? '' : read.error).toContain(
      'weight "d1/bias" needs bytes 24–36 but the weight files hold 30',
    );
  });

  it('says the sidecar is missing rather than training from fresh weights', async () => {
    const file = path.join(dir, 'net.layerloom');
    await writeProjectWithSidecar(file, doc, weights, serializeProject);
    await fsp.rm(path.join(dir, 'net.weights'), { recursive: true });
    const read = await readProjectFile(file);
    expect(read.ok ? '' : read.error).toBe(
      `${file}: cannot read weights manifest net.weights/weights.json: no such file`,
    );
    expect(parseProject(await fsp.readFile(file, 'utf8')).ok).toBe(true);
  });
});
