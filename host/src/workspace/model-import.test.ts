import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseProject } from '../../../graph-core/src/document';
import { saveModelToDir } from '../cli/model-io';
import { makeTempDir } from '../fs/test-dir';
import { makeTestHost } from './test-host';

const tmp = makeTempDir('layerloom-app-import-');
afterAll(() => tmp.cleanup());
let host: Awaited<ReturnType<typeof makeTestHost>>;
afterEach(() => host.cleanup());

let files: { name: string; bytes: Uint8Array }[] = [];
let source: { name: string; values: number[] }[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
  const m = tfl.sequential({ name: 'tiny' });
  m.add(tfl.layers.dense({ name: 'hidden', units: 5, activation: 'relu', inputShape: [4] }));
  m.add(tfl.layers.dense({ name: 'out', units: 3, activation: 'softmax' }));
  await saveModelToDir(m, tmp.dir);
  files = ['model.json', 'weights.bin'].map((name) => ({
    name,
    bytes: new Uint8Array(readFileSync(path.join(tmp.dir, name))),
  }));
  source = m.weights.map((w) => ({ name: w.originalName, values: Array.from(w.read().dataSync()) }));
});

describe('importModel (File → Import model in the app)', () => {
  it("saves model.json + its weight file as a workspace project whose sidecar holds the source's weights", async () => {
    host = await makeTestHost();
    const r = await host.api.importModel({ files, name: 'Tiny net' });
    expect(r.id).toBe('projects/Tiny net.layerloom');
    const parsed = parseProject(r.content);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.doc.nodes.map((n) => n.type)).toEqual(expect.arrayContaining(['Input', 'Dense']));
    expect(parsed.doc.weights?.nodes.sort()).toEqual(['hidden', 'out']);
    expect(existsSync(path.join(host.root, 'projects', 'Tiny net.weights', 'weights.bin'))).toBe(true);
    const carried = await host.api.readProjectWeights({
      projectId: r.id,
      manifest: parsed.doc.weights!.manifest,
    });
    expect(carried.weights.map((w) => [w.name, Array.from(new Float32Array(w.data.slice().buffer))])).toEqual(
      source.map((w) => [w.name, w.values]),
    );
  });

  it('refuses to overwrite an existing project of that name, leaving it as it was', async () => {
    host = await makeTestHost();
    const first = await host.api.importModel({ files, name: 'Tiny' });
    const before = readFileSync(path.join(host.root, first.id), 'utf8');
    await expect(host.api.importModel({ files, name: 'Tiny' })).rejects.toMatchObject({ code: 'exists' });
    expect(readFileSync(path.join(host.root, first.id), 'utf8')).toBe(before);
  });

  it('names the weight file model.json needs when it was not picked, and writes nothing', async () => {
    host = await makeTestHost();
    await expect(host.api.importModel({ files: [files[0]!], name: 'Half' })).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/model\.json.*weights\.bin.*pick it together/),
    });
    expect(existsSync(path.join(host.root, 'projects', 'Half.layerloom'))).toBe(false);
  });

  it('says what to do with a Keras file instead of importing it', async () => {
    host = await makeTestHost();
    await expect(
      host.api.importModel({ files: [{ name: 'net.h5', bytes: new Uint8Array([1]) }] }),
    ).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/net\.h5.*tensorflowjs_converter/),
    });
  });
});
