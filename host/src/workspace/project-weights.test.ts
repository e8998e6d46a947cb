import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeProject, type GraphDocument } from '../../../graph-core/src/document';
import { makeTestHost } from './test-host';
import { writeProjectWithSidecar } from './weights-sidecar';

let host: Awaited<ReturnType<typeof makeTestHost>>;
afterEach(() => host.cleanup());

const doc: GraphDocument = {
  format: 'layerloom',
  version: 2,
  name: 'imported',
  nodes: [
    { id: 'in', type: 'Input', params: { shape: [2] } },
    { id: 'd1', type: 'Dense', params: { units: 3 } },
  ],
  edges: [{ id: 'e1', source: 'in', target: 'd1' }],
};
const weights = [
  { name: 'd1/kernel', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) },
  { name: 'd1/bias', shape: [3], data: Float32Array.from([7, 8, -9.5]) },
];
const floats = (bytes: Uint8Array) => [...new Float32Array(bytes.slice().buffer)];

describe('readProjectWeights', () => {
  it("returns a workspace project's carried weights as float32 bytes, read from its sidecar", async () => {
    host = await makeTestHost();
    const file = path.join(host.root, 'projects', 'imported.layerloom');
    const written = await writeProjectWithSidecar(file, doc, weights, serializeProject);
    const r = await host.api.readProjectWeights({
      projectId: 'projects/imported.layerloom',
      manifest: written.weights!.manifest,
    });
    expect(r.weights.map((w) => [w.name, w.shape, floats(w.data)])).toEqual([
      ['d1/kernel', [2, 3], [1, 2, 3, 4, 5, 6]],
      ['d1/bias', [3], [7, 8, -9.5]],
    ]);
  });

  it('refuses a manifest path that leaves the project folder, and names a missing sidecar', async () => {
    host = await makeTestHost();
    writeFileSync(path.join(host.root, 'projects', 'p.layerloom'), serializeProject(doc));
    writeFileSync(path.join(host.root, 'secret.json'), '{}');
    await expect(
      host.api.readProjectWeights({ projectId: 'projects/p.layerloom', manifest: '../secret.json' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      host.api.readProjectWeights({ projectId: 'projects/p.layerloom', manifest: 'p.weights/weights.json' }),
    ).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('p.weights/weights.json'),
    });
  });
});
