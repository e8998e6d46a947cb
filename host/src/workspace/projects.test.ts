import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { doc, makeTestHost, scriptedDialogs } from './test-host';

let host: Awaited<ReturnType<typeof makeTestHost>>;
afterEach(() => host.cleanup());

describe('projects', () => {
  it('creates the workspace layout on first start', async () => {
    host = await makeTestHost();
    expect(readdirSync(host.root).sort()).toEqual([
      'autosave',
      'datasets',
      'exports',
      'projects',
      'runs',
      'trash',
    ]);
  });

  it('saves as into projects/, lists it, opens it and remembers it as recent', async () => {
    host = await makeTestHost();
    const saved = await host.api.saveProjectAs({ name: 'My: Net?', content: doc('My Net') });
    expect(saved).toMatchObject({ id: 'projects/My- Net-.layerloom', name: 'My Net' });
    const { projects } = await host.api.listProjects({});
    expect(projects.map((p) => p.id)).toEqual(['projects/My- Net-.layerloom']);
    const opened = await host.api.openProject({ id: 'projects/My- Net-.layerloom' });
    expect(opened?.content).toBe(doc('My Net'));
    const { entries } = await host.api.recentFiles({});
    expect(entries).toEqual([
      expect.objectContaining({ id: 'projects/My- Net-.layerloom', name: 'My Net', exists: true }),
    ]);
  });

  it('refuses to overwrite by Save As unless asked, then keeps the old version as .bak', async () => {
    host = await makeTestHost();
    await host.api.saveProjectAs({ name: 'A', content: doc('A') });
    await expect(host.api.saveProjectAs({ name: 'A', content: doc('A2') })).rejects.toMatchObject({
      code: 'exists',
    });
    await host.api.saveProjectAs({ name: 'A', content: doc('A2'), overwrite: true });
    const file = path.join(host.root, 'projects', 'A.layerloom');
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(doc('A'));
  });

  it.each([
    ['{"format":"other"}', /format must be "layerloom"/],
    ['not json', /not JSON/],
  ])('refuses to save content that is not a project: %s', async (content, message) => {
    host = await makeTestHost();
    await expect(host.api.saveProjectAs({ name: 'x', content })).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(message),
    });
    expect(readdirSync(path.join(host.root, 'projects'))).toEqual([]);
  });

  it.each([
    ['projects/../x.layerloom', 'forbidden'],
    ['../../etc/passwd.layerloom', 'invalid'],
    ['projects/x.txt', 'invalid'],
    ['external:0123456789abcdef', 'not_found'],
    ['sample:mnist-mlp', 'invalid'],
  ])('refuses to open or save the id %s', async (id, code) => {
    host = await makeTestHost();
    await expect(host.api.saveProject({ id, content: doc('x') })).rejects.toMatchObject({ code });
  });

  it('opens and saves a dialog-chosen file outside the workspace through an opaque id', async () => {
    const tmpOutside = path.join(os.tmpdir(), `ll-outside-${process.pid}-${Date.now()}.layerloom`);
    writeFileSync(tmpOutside, doc('Outside'));
    host = await makeTestHost({ dialogs: scriptedDialogs({ openProject: [tmpOutside, null] }) });
    const opened = await host.api.openProject({ dialog: true });
    expect(opened?.id).toMatch(/^external:[0-9a-f]{24}$/);
    await host.api.saveProject({ id: opened!.id, content: doc('Outside 2') });
    expect(readFileSync(tmpOutside, 'utf8')).toBe(doc('Outside 2'));
    expect(await host.api.openProject({ dialog: true })).toBeNull();
    const [recent] = (await host.api.recentFiles({})).entries;
    expect(recent).toMatchObject({ id: opened!.id, name: 'Outside 2', location: tmpOutside });
    for (const f of [tmpOutside, `${tmpOutside}.bak`]) if (existsSync(f)) rmSync(f);
  });

  it('saves as through a dialog, adding the extension, and gives a workspace id inside projects/', async () => {
    host = await makeTestHost({ dialogs: scriptedDialogs({ saveProject: [null] }) });
    host.ctx.dialogs = scriptedDialogs({ saveProject: [path.join(host.root, 'projects', 'chosen')] });
    const saved = await host.api.saveProjectAs({ name: 'x', content: doc('Chosen'), dialog: true });
    expect(saved?.id).toBe('projects/chosen.layerloom');
  });

  it.each([
    ['a file name typed into the dialog renames the project', 'Digits v2', 'Digits v2'],
    ['the suggested file name keeps the project name', 'MNIST- MLP', 'MNIST: MLP'],
  ])('%s', async (_, typed, expected) => {
    host = await makeTestHost({ dialogs: scriptedDialogs({}) });
    host.ctx.dialogs = scriptedDialogs({ saveProject: [path.join(host.root, 'projects', typed)] });
    const saved = await host.api.saveProjectAs({
      name: 'MNIST: MLP',
      content: doc('MNIST: MLP'),
      dialog: true,
    });
    expect(saved?.name).toBe(expected);
    const written = JSON.parse(readFileSync(path.join(host.root, 'projects', `${typed}.layerloom`), 'utf8'));
    expect(written).toMatchObject({ format: 'layerloom', name: expected, nodes: [], edges: [] });
  });

  it('tells the browser that there is no dialog', async () => {
    host = await makeTestHost();
    await expect(host.api.openProject({ dialog: true })).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('reports a file deleted behind its back as not found', async () => {
    host = await makeTestHost();
    await expect(host.api.openProject({ id: 'projects/gone.layerloom' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('samples and host info', () => {
  it('lists samples with the MNIST MLP first and reads one read-only', async () => {
    host = await makeTestHost();
    expect((await host.api.listSamples({})).samples).toEqual([
      { id: 'mnist-mlp', name: 'MNIST MLP', description: '' },
      { id: 'iris-mlp', name: 'Iris MLP', description: 'Flowers' },
    ]);
    expect(await host.api.readSample({ id: 'iris-mlp' })).toMatchObject({
      id: 'sample:iris-mlp',
      content: doc('Iris MLP', { description: 'Flowers' }),
    });
    await expect(host.api.readSample({ id: '../package' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('names the default sample and the startup file', async () => {
    const startup = path.join(os.tmpdir(), 'assoc.layerloom');
    host = await makeTestHost({ startupFile: startup });
    const info = await host.api.hostInfo({});
    expect(info).toMatchObject({
      kind: 'server',
      version: '9.9.9',
      dialogs: false,
      defaultSampleId: 'mnist-mlp',
    });
    expect(info.startupProjectId).toMatch(/^external:/);
  });
});
