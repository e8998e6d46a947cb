import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import { doc, makeTestHost } from '../../host/src/workspace/test-host';
import { electronDialogs, type NativeDialogs } from './dialogs';

/** Electron's dialog as a script: records what each dialog was asked, answers from a queue. */
function fakeNative(answers: (string | null)[]) {
  const asked: (OpenDialogOptions | SaveDialogOptions)[] = [];
  const next = () => answers.shift() ?? null;
  const native: NativeDialogs = {
    open: async (options) => {
      asked.push(options);
      const a = next();
      return a === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [a] };
    },
    save: async (options) => {
      asked.push(options);
      const a = next();
      return a === null ? { canceled: true } : { canceled: false, filePath: a };
    },
  };
  return { native, asked, answers };
}

let host: Awaited<ReturnType<typeof makeTestHost>>;
afterEach(() => host.cleanup());

async function hostWith(answers: (string | null)[]) {
  const fake = fakeNative(answers);
  host = await makeTestHost({ dialogs: electronDialogs(fake.native, '/pending') });
  // The dialogs need the real workspace folder, known only once the host made it.
  host.ctx.dialogs = electronDialogs(fake.native, host.root);
  return fake;
}

describe('Electron dialogs over the workspace services', () => {
  it('Save As asks where to save, starting in projects/ with the project filter', async () => {
    const { asked } = await hostWith([null]);
    expect(await host.api.saveProjectAs({ name: 'My Net', content: doc('My Net'), dialog: true })).toBeNull();
    expect(asked).toEqual([
      expect.objectContaining({
        defaultPath: path.join(host.root, 'projects', 'My Net.layerloom'),
        filters: [{ name: 'Layerloom project', extensions: ['layerloom'] }],
      }),
    ]);
    expect(readdirSync(path.join(host.root, 'projects'))).toEqual([]);
  });

  it('saves where the user chose, remembers it as recent, and later Saves write there atomically', async () => {
    const fake = await hostWith([]);
    const elsewhere = path.join(host.tmpDir, 'Documents');
    mkdirSync(elsewhere);
    const chosen = path.join(elsewhere, 'mine');
    fake.answers.push(chosen);

    // The chosen name has no extension: the file gets one. A name typed into the dialog (not the
    // suggested Net.layerloom) names the project.
    const ref = await host.api.saveProjectAs({ name: 'Net', content: doc('Net v1'), dialog: true });
    const file = `${chosen}.layerloom`;
    expect(ref).toMatchObject({ name: 'mine', location: file });
    expect(ref!.id).toMatch(/^external:[0-9a-f]{24}$/);
    const first = readFileSync(file, 'utf8');
    expect(JSON.parse(first)).toMatchObject({ format: 'layerloom', name: 'mine', nodes: [], edges: [] });

    const { entries } = await host.api.recentFiles({});
    expect(entries[0]).toMatchObject({ id: ref!.id, location: file, exists: true });

    await host.api.saveProject({ id: ref!.id, content: doc('Net v2') });
    expect(readFileSync(file, 'utf8')).toBe(doc('Net v2'));
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(first);
    expect(readdirSync(path.join(host.root, 'projects'))).toEqual([]);
  });

  it('Open starts in projects/ and opens nothing when cancelled', async () => {
    const { asked } = await hostWith([null]);
    expect(await host.api.openProject({ dialog: true })).toBeNull();
    expect(asked[0]).toMatchObject({
      defaultPath: path.join(host.root, 'projects'),
      properties: ['openFile'],
    });
  });

  it('Export weights asks for a folder, starting in exports/, and copies nothing when cancelled', async () => {
    const { asked } = await hostWith([null]);
    const { runId } = await host.api.createRun({ projectName: 'Net' });
    await host.api.saveModelArtifacts({
      runId,
      artifacts: {
        modelTopology: { class_name: 'Sequential', config: { layers: [] } },
        weightSpecs: [],
        weightData: new ArrayBuffer(0),
      },
    });
    expect(await host.api.exportWeights({ runId, dialog: true, name: 'net' })).toBeNull();
    expect(asked).toEqual([
      expect.objectContaining({
        title: 'Export trained weights',
        defaultPath: path.join(host.root, 'exports'),
        properties: ['openDirectory', 'createDirectory'],
      }),
    ]);
    expect(readdirSync(path.join(host.root, 'exports'))).toEqual([]);
  });

  it('Export weights of a run without a model says so before asking for a folder', async () => {
    const { asked } = await hostWith([]);
    const { runId } = await host.api.createRun({ projectName: 'Net' });
    await expect(host.api.exportWeights({ runId, dialog: true })).rejects.toMatchObject({
      code: 'not_found',
      message: 'this run has no saved model',
    });
    expect(asked).toEqual([]);
  });
});
