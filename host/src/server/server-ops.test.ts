import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostApi } from '../contract/api';
import { createHttpHostApi } from '../contract/http-client';
import { OP_NAMES } from '../contract/ops';
import type { OpName } from '../contract/ops';
import { makeTempDir } from '../fs/test-dir';
import { doc } from '../workspace/test-host';
import { sample as samplePath } from '../cli/testkit';
import { startServer } from './server';
import { writeProjectWithSidecar } from '../workspace/weights-sidecar';
import type { RunningServer } from './server';

let tmp: ReturnType<typeof makeTempDir>;
let server: RunningServer;
let api: HostApi;
const called = new Set<OpName>();

beforeAll(async () => {
  tmp = makeTempDir();
  const appRoot = path.join(tmp.dir, 'app');
  mkdirSync(path.join(appRoot, 'assets', 'samples'), { recursive: true });
  mkdirSync(path.join(appRoot, 'assets', 'datasets'), { recursive: true });
  writeFileSync(path.join(appRoot, 'assets', 'samples', 'mnist-mlp.layerloom'), doc('MNIST MLP'));
  writeFileSync(
    path.join(appRoot, 'assets', 'datasets', 'mnist.bin'),
    new Uint8Array(70_000).map((_, i) => i % 251),
  );
  server = await startServer({
    workspace: path.join(tmp.dir, 'ws'),
    appRoot,
    rendererDir: path.join(tmp.dir, 'r'),
  });
  const http = createHttpHostApi(`http://127.0.0.1:${server.port}`, server.token);
  // Record which ops the journey below exercises, so a new op without an HTTP test fails here.
  api = new Proxy(http, {
    get: (target, prop: string) => {
      called.add(prop as OpName);
      return target[prop as OpName];
    },
  });
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

describe('every operation over HTTP', () => {
  it('runs a whole session: open a sample, save, autosave, train, export, datasets', async () => {
    const info = await api.hostInfo({});
    expect(info).toMatchObject({
      kind: 'server',
      dialogs: false,
      defaultSampleId: 'mnist-mlp',
      startupProjectId: null,
    });
    expect((await api.listSamples({})).samples.map((s) => s.id)).toEqual(['mnist-mlp']);
    const sample = await api.readSample({ id: 'mnist-mlp' });

    await api.autosave({ key: 'k1', name: 'MNIST MLP', projectId: sample.id, content: sample.content });
    expect((await api.listRecoveries({})).recoveries.map((r) => r.key)).toEqual(['k1']);
    const saved = await api.saveProjectAs({ name: 'Mine', content: sample.content, recoveryKey: 'k1' });
    expect(saved?.id).toBe('projects/Mine.layerloom');
    expect((await api.listRecoveries({})).recoveries).toEqual([]);
    await api.saveProject({ id: saved!.id, content: doc('Mine v2') });
    expect((await api.openProject({ id: saved!.id }))?.content).toBe(doc('Mine v2'));
    expect((await api.listProjects({})).projects.map((p) => p.name)).toEqual(['Mine v2']);
    expect((await api.recentFiles({})).entries[0]?.id).toBe(saved!.id);
    await api.autosave({ key: 'k2', name: 'x', projectId: null, content: doc('x') });
    expect(await api.discardRecovery({ key: 'k2' })).toEqual({ discarded: true });

    const { runId } = await api.createRun({ projectName: 'Mine v2', graph: doc('Mine v2') });
    await api.appendMetrics({ runId, records: [{ epoch: 1, loss: 0.3, acc: 0.9 }] });
    await api.writeRunFile({ runId, name: 'summary.json', content: '{"status":"completed"}' });
    const weights = new Float32Array([1.5, -2, 0.25, 8]);
    await api.saveModelArtifacts({
      runId,
      artifacts: {
        modelTopology: { class_name: 'Sequential' },
        weightSpecs: [{ name: 'd/kernel', shape: [2, 2], dtype: 'float32' }],
        weightData: weights.buffer,
      },
    });
    const model = await api.loadRunModel({ runId });
    expect(Array.from(new Float32Array(model.weightData.buffer))).toEqual([1.5, -2, 0.25, 8]);
    const run = await api.readRun({ runId });
    expect(run).toMatchObject({
      summary: { status: 'completed' },
      metrics: [{ epoch: 1, loss: 0.3, acc: 0.9 }],
      hasModel: true,
    });
    expect((await api.updateRunMeta({ runId, note: 'first' })).note).toBe('first');
    expect((await api.listRuns({ projectName: 'Mine v2' })).runs.map((r) => r.id)).toEqual([runId]);
    const exported = await api.exportWeights({ runId, name: 'digits' });
    expect(exported?.files).toEqual(['model.json', 'weights.bin']);
    await expect(api.exportWeights({ runId, dialog: true })).rejects.toMatchObject({ code: 'unsupported' });
    expect(
      (await api.exportFile({ suggestedName: 'chart.png', content: new Uint8Array([137, 80]) }))?.files,
    ).toEqual(['chart.png']);
    // A real project (Iris trains from built-in data) comes back with its bytes over base64; this run's
    // stand-in model has no input layer, which is refused with the contract's error code.
    const iris = readFileSync(samplePath('iris-mlp'), 'utf8');
    const exportedModel = await api.exportModel({
      source: { project: iris },
      format: 'tfjs',
      contents: true,
    });
    expect(exportedModel!.contents!.map((c) => [c.name, c.bytes.byteLength > 100])).toEqual([
      ['Iris MLP-tfjs/model.json', true],
      ['Iris MLP-tfjs/weights.bin', true],
    ]);
    await expect(api.exportModel({ source: { runId }, format: 'tfjs' })).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/input shape/),
    });
    await api.trashRun({ runId });
    expect((await api.listRuns({})).runs).toEqual([]);
    await api.restoreRun({ runId });

    const asset = await api.readDatasetAsset({ name: 'mnist.bin' });
    expect(asset.bytes.byteLength).toBe(70_000);
    expect(asset.bytes[300]).toBe(300 % 251);
    const imported = await api.importDataset({
      name: 'My CSV',
      meta: { task: 'classification' },
      data: new Uint8Array([1, 2]),
    });
    expect((await api.listDatasets({})).datasets.map((d) => d.id)).toEqual([imported.id]);
    expect([...(await api.readDataset({ id: imported.id })).data]).toEqual([1, 2]);
    expect(await api.deleteDataset({ id: imported.id })).toEqual({ deleted: true });

    // A Dataset path beside the saved project: bytes survive the base64 trip, refusals keep their code.
    const projects = path.join(server.workspace, 'projects');
    writeFileSync(path.join(projects, 'iris.csv'), 'a,label\n1,x\n');
    mkdirSync(path.join(projects, 'imgs', 'cat'), { recursive: true });
    writeFileSync(path.join(projects, 'imgs', 'cat', '1.png'), new Uint8Array([137, 80, 0, 255]));
    const csv = await api.readProjectData({ projectId: saved!.id, path: 'iris.csv', kind: 'file' });
    expect(csv.kind === 'file' && new TextDecoder().decode(csv.bytes)).toBe('a,label\n1,x\n');
    const folder = await api.readProjectData({ projectId: saved!.id, path: 'imgs/', kind: 'folder' });
    expect(folder.kind === 'folder' && folder.files.map((f) => [f.path, [...(f.bytes ?? [])]])).toEqual([
      ['cat/1.png', [137, 80, 0, 255]],
    ]);
    await expect(
      api.readProjectData({ projectId: saved!.id, path: '../runs/x.csv', kind: 'file' }),
    ).rejects.toMatchObject({ code: 'forbidden' });

    // An imported project's carried weights: float32 bytes survive the base64 trip.
    const importedFile = path.join(projects, 'imported.layerloom');
    const importedDoc = { ...JSON.parse(sample.content), version: 2, name: 'imported' };
    const written = await writeProjectWithSidecar(
      importedFile,
      importedDoc,
      [{ name: 'd1/bias', shape: [2], data: Float32Array.from([0.5, -3]) }],
      (d) => JSON.stringify(d),
    );
    const carried = await api.readProjectWeights({
      projectId: 'projects/imported.layerloom',
      manifest: written.weights!.manifest,
    });
    expect(
      carried.weights.map((w) => [w.name, w.shape, [...new Float32Array(w.data.slice().buffer)]]),
    ).toEqual([['d1/bias', [2], [0.5, -3]]]);

    // Import model: the uploaded bytes reach the importer, whose refusal keeps its code and names the file.
    await expect(
      api.importModel({ files: [{ name: 'net.h5', bytes: new Uint8Array([1, 2]) }] }),
    ).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('net.h5') });

    const state = JSON.stringify({ variants: [] });
    expect(await api.saveSweep({ sweepId: 'sweep-1', state, curves: '{}' })).toEqual({ saved: true });
    expect((await api.listSweeps({})).sweeps).toEqual([{ id: 'sweep-1', state, curves: '{}' }]);

    await expect(api.pickFile({})).rejects.toMatchObject({ code: 'unsupported' });
    await expect(api.pickFolder({})).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('covered every operation of the contract', () => {
    expect(OP_NAMES.filter((op) => !called.has(op))).toEqual([]);
  });

  it('turns a refused argument into a HostError with the field named', async () => {
    await expect(api.readRun({ runId: '../../etc' })).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/runId/),
    });
  });

  it('reports a server that is gone as an io error, not a crash', async () => {
    const dead = createHttpHostApi('http://127.0.0.1:1', 'x'.repeat(20));
    await expect(dead.listRuns({})).rejects.toMatchObject({ code: 'io' });
  });
});
