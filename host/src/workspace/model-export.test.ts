import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main';
import { loadModelFromDir } from '../cli/model-io';
import { captureConsole, sample } from '../cli/testkit';
import { makeTempDir } from '../fs/test-dir';
import { makeTestHost, scriptedDialogs } from './test-host';

const iris = readFileSync(sample('iris-mlp'), 'utf8');
const trained = makeTempDir('layerloom-export-run-');
const RUN_ID = '20260101-000000-iris-mlp-abc123';
beforeAll(async () => {
  const c = captureConsole();
  const code = await main(
    [
      'train',
      sample('iris-mlp'),
      '--epochs',
      '1',
      '--backend',
      'cpu',
      '--out',
      path.join(trained.dir, RUN_ID),
    ],
    { console: c, onInterrupt: () => undefined },
  );
  expect(code).toBe(0);
}, 120_000);

afterAll(() => trained.cleanup());

let host: Awaited<ReturnType<typeof makeTestHost>>;
afterEach(() => host.cleanup());

async function hostWithRun(dialogs?: Parameters<typeof makeTestHost>[0]) {
  host = await makeTestHost(dialogs);
  cpSync(path.join(trained.dir, RUN_ID), path.join(host.root, 'runs', RUN_ID), { recursive: true });
}

describe('exportModel', () => {
  it('writes a run’s model into a new folder inside the folder the person chooses', async () => {
    const chosen = makeTempDir('layerloom-chosen-');
    try {
      await hostWithRun({ dialogs: scriptedDialogs({ chooseFolder: [chosen.dir] }) });
      const dest = await host.api.exportModel({ source: { runId: RUN_ID }, format: 'tfjs', dialog: true });
      expect(dest).toEqual({
        location: path.join(chosen.dir, 'Iris MLP-20260101-000000-abc123-tfjs'),
        files: ['model.json', 'weights.bin'],
        format: 'tfjs',
      });
      const model = await loadModelFromDir(dest!.location);
      expect(model.weights.map((w) => w.originalName)).toEqual([
        'hidden/kernel',
        'hidden/bias',
        'out/kernel',
        'out/bias',
      ]);
    } finally {
      chosen.cleanup();
    }
  });

  it('names a run’s export after its project as it is called now, not the name in the run id', async () => {
    await hostWithRun();
    await host.api.updateRunMeta({
      runId: RUN_ID,
      project: { name: 'Flowers', id: 'projects/Flowers.layerloom' },
    });
    const dest = await host.api.exportModel({ source: { runId: RUN_ID }, format: 'onnx' });
    expect(path.basename(dest!.location)).toBe('Flowers-20260101-000000-abc123-onnx');
  });

  it('writes nothing when the folder dialog is cancelled', async () => {
    await hostWithRun({ dialogs: scriptedDialogs({ chooseFolder: [null] }) });
    expect(
      await host.api.exportModel({ source: { runId: RUN_ID }, format: 'tfjs', dialog: true }),
    ).toBeNull();
    expect(readdirSync(path.join(host.root, 'exports'))).toEqual([]);
  });

  it('in browser mode writes exports/<name>/ and returns the same files for the download', async () => {
    await hostWithRun();
    const dest = await host.api.exportModel({
      source: { runId: RUN_ID },
      format: 'tfjs',
      name: 'irises',
      contents: true,
    });
    expect(dest?.location).toBe(path.join(host.root, 'exports', 'irises'));
    expect(dest!.contents!.map((c) => c.name)).toEqual(['irises/model.json', 'irises/weights.bin']);
    expect(Buffer.from(dest!.contents![1]!.bytes)).toEqual(
      readFileSync(path.join(dest!.location, 'weights.bin')),
    );
    const again = await host.api.exportModel({ source: { runId: RUN_ID }, format: 'tfjs', name: 'irises' });
    expect(again?.location).toBe(path.join(host.root, 'exports', 'irises (2)'));
    expect(again?.contents).toBeUndefined();
  });

  it('exports the open project with the weights it starts from', async () => {
    host = await makeTestHost();
    const dest = await host.api.exportModel({ source: { project: iris }, format: 'tfjs' });
    expect(dest?.location).toBe(path.join(host.root, 'exports', 'Iris MLP-tfjs'));
    expect(existsSync(path.join(dest!.location, 'model.json'))).toBe(true);
  });

  it('refuses a project with errors, naming the node, before asking for a folder', async () => {
    host = await makeTestHost({ dialogs: scriptedDialogs({}) });
    const bad = JSON.parse(iris) as { nodes: { id: string; params: Record<string, unknown> }[] };
    bad.nodes.find((n) => n.id === 'out')!.params['units'] = 7;
    await expect(
      host.api.exportModel({ source: { project: JSON.stringify(bad) }, format: 'tfjs', dialog: true }),
    ).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/1 error.*out/) });
  });

  it('says a run without a model has none, and an unknown run is not found', async () => {
    await hostWithRun();
    mkdirSync(path.join(host.root, 'runs', 'empty-run'));
    await expect(host.api.exportModel({ source: { runId: 'nope' }, format: 'tfjs' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      host.api.exportModel({ source: { runId: 'empty-run' }, format: 'tfjs' }),
    ).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/no graph\.layerloom/),
    });
  });
});
