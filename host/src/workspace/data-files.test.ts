import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestHost, scriptedDialogs } from './test-host';

let host: Awaited<ReturnType<typeof makeTestHost>>;
afterEach(() => host.cleanup());

describe('datasets', () => {
  it('reads a built dataset asset and refuses names that leave the assets folder', async () => {
    host = await makeTestHost();
    expect([...(await host.api.readDatasetAsset({ name: 'tiny.bin' })).bytes]).toEqual([1, 2, 3, 4]);
    await expect(host.api.readDatasetAsset({ name: '../samples/x' })).rejects.toMatchObject({
      code: 'invalid',
    });
    await expect(host.api.readDatasetAsset({ name: 'mnist.bin' })).rejects.toMatchObject({
      message: expect.stringMatching(/npm run build:data/),
    });
  });

  it('imports, lists, reads and deletes workspace datasets with unique ids', async () => {
    host = await makeTestHost();
    const a = await host.api.importDataset({
      name: 'Flowers CSV',
      meta: { columns: ['a', 'b'] },
      data: new Uint8Array([9, 8, 7]),
    });
    const b = await host.api.importDataset({ name: 'Flowers CSV', meta: {}, data: new ArrayBuffer(2) });
    expect([a.id, b.id]).toEqual(['flowers-csv', 'flowers-csv-2']);
    expect((await host.api.listDatasets({})).datasets.map((d) => [d.id, d.size])).toEqual([
      ['flowers-csv', 3],
      ['flowers-csv-2', 2],
    ]);
    const read = await host.api.readDataset({ id: 'flowers-csv' });
    expect([...read.data]).toEqual([9, 8, 7]);
    expect(read.meta).toEqual({ columns: ['a', 'b'] });
    expect(await host.api.deleteDataset({ id: 'flowers-csv' })).toEqual({ deleted: true });
    await expect(host.api.readDataset({ id: 'flowers-csv' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('exportFile', () => {
  it('writes text and binary to exports/ with unique names', async () => {
    host = await makeTestHost();
    const one = await host.api.exportFile({ suggestedName: 'compare.csv', content: 'a,b\n1,2\n' });
    const two = await host.api.exportFile({ suggestedName: 'compare.csv', content: new Uint8Array([65]) });
    expect(path.basename(one!.location)).toBe('compare.csv');
    expect(readFileSync(two!.location, 'utf8')).toBe('A');
    expect(path.basename(two!.location)).toBe('compare (2).csv');
    await expect(host.api.exportFile({ suggestedName: '../x.csv', content: '' })).rejects.toMatchObject({
      code: 'invalid',
    });
  });

  it('writes to the file the save dialog returns, or nothing when cancelled', async () => {
    host = await makeTestHost({ dialogs: scriptedDialogs({ saveFile: [null] }) });
    expect(await host.api.exportFile({ suggestedName: 'p.html', content: '<p>', dialog: true })).toBeNull();
    const target = path.join(host.tmpDir, 'page.html');
    host.ctx.dialogs = scriptedDialogs({ saveFile: [target] });
    await host.api.exportFile({ suggestedName: 'p.html', content: '<p>', dialog: true });
    expect(readFileSync(target, 'utf8')).toBe('<p>');
  });
});

describe('pickFile and pickFolder', () => {
  it('are unsupported in the browser host', async () => {
    host = await makeTestHost();
    await expect(host.api.pickFile({})).rejects.toMatchObject({ code: 'unsupported' });
    await expect(host.api.pickFolder({})).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('return file content, not paths, and report every skipped file of a folder', async () => {
    host = await makeTestHost({ dialogs: scriptedDialogs({}) });
    const folder = path.join(host.tmpDir, 'digits');
    mkdirSync(path.join(folder, 'zero'), { recursive: true });
    mkdirSync(path.join(folder, 'one'));
    writeFileSync(path.join(folder, 'zero', 'a.png'), 'png-a');
    writeFileSync(path.join(folder, 'one', 'b.PNG'), 'png-b');
    writeFileSync(path.join(folder, 'one', 'notes.txt'), 'x');
    writeFileSync(path.join(folder, '.DS_Store'), 'x');
    symlinkSync('/etc/hostname', path.join(folder, 'one', 'link.png'));
    host.ctx.dialogs = scriptedDialogs({
      chooseFolder: [folder],
      pickFiles: [[path.join(folder, 'zero', 'a.png')]],
    });
    const picked = await host.api.pickFolder({ extensions: ['png'] });
    expect(picked?.name).toBe('digits');
    expect(picked?.files.map((f) => [f.path, new TextDecoder().decode(f.bytes)])).toEqual([
      ['one/b.PNG', 'png-b'],
      ['zero/a.png', 'png-a'],
    ]);
    expect(picked?.skipped).toEqual(['one/link.png', 'one/notes.txt']);
    const file = await host.api.pickFile({});
    expect(file?.files.map((f) => f.name)).toEqual(['a.png']);
  });
});
