import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_DATA_LIMITS } from './project-data';
import { doc, makeTestHost } from './test-host';

let host: Awaited<ReturnType<typeof makeTestHost>>;
afterEach(() => host.cleanup());

const PROJECT = 'projects/flowers.layerloom';
const CSV = 'a,b,species\n1,2,x\n3,4,y\n';

async function withProject() {
  host = await makeTestHost();
  const projects = path.join(host.root, 'projects');
  writeFileSync(path.join(projects, 'flowers.layerloom'), doc('Flowers'));
  writeFileSync(path.join(projects, 'flowers.csv'), CSV);
  mkdirSync(path.join(projects, 'digits', 'one'), { recursive: true });
  mkdirSync(path.join(projects, 'digits', 'two'), { recursive: true });
  writeFileSync(path.join(projects, 'digits', 'one', 'a.png'), new Uint8Array([137, 80, 78, 71]));
  writeFileSync(path.join(projects, 'digits', 'two', 'b.JPG'), new Uint8Array([255, 216]));
  writeFileSync(path.join(projects, 'digits', 'notes.txt'), 'not an image');
  writeFileSync(path.join(projects, 'digits', '.DS_Store'), 'hidden');
  return projects;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('readProjectData', () => {
  it('reads a CSV beside a workspace project, by a path relative to the project file', async () => {
    await withProject();
    for (const rel of ['flowers.csv', './flowers.csv']) {
      const r = await host.api.readProjectData({ projectId: PROJECT, path: rel, kind: 'file' });
      expect(r.kind === 'file' && [r.size, text(r.bytes)]).toEqual([CSV.length, CSV]);
    }
  });

  it('reads an image folder with bytes for images only and paths relative to the folder', async () => {
    await withProject();
    const r = await host.api.readProjectData({ projectId: PROJECT, path: 'digits/', kind: 'folder' });
    if (r.kind !== 'folder') throw new Error('expected a folder');
    expect(r.files.map((f) => [f.path, f.size, f.bytes ? [...f.bytes] : null])).toEqual([
      ['notes.txt', 12, null],
      ['one/a.png', 4, [137, 80, 78, 71]],
      ['two/b.JPG', 2, [255, 216]],
    ]);
    expect(r.skipped).toEqual([]);
    const listing = await host.api.readProjectData({
      projectId: PROJECT,
      path: 'digits',
      kind: 'folder',
      bytes: false,
    });
    expect(listing.kind === 'folder' && listing.files.every((f) => f.bytes === undefined)).toBe(true);
  });

  it('reads data beside a sample project in the app folder', async () => {
    host = await makeTestHost();
    writeFileSync(path.join(host.tmpDir, 'app', 'assets', 'samples', 'iris.csv'), CSV);
    const r = await host.api.readProjectData({
      projectId: 'sample:iris-mlp',
      path: 'iris.csv',
      kind: 'file',
    });
    expect(r.kind === 'file' && text(r.bytes)).toBe(CSV);
    await expect(
      host.api.readProjectData({ projectId: 'sample:nope', path: 'iris.csv', kind: 'file' }),
    ).rejects.toMatchObject({ code: 'not_found', message: 'no sample project "nope"' });
  });

  it.each([
    ['../autosave/x.csv', /"\.\." is not allowed: a data path is relative to the project file's folder/],
    ['/etc/passwd', /absolute path/],
    ['C:\\data\\x.csv', /absolute path/],
    ['link-out.csv', /a link leads outside its folder/],
    ['linked-dir/x.csv', /a link leads outside its folder/],
  ])('refuses %s as outside the project folder', async (rel, message) => {
    const projects = await withProject();
    writeFileSync(path.join(host.tmpDir, 'secret.csv'), 'a\n1\n');
    symlinkSync(path.join(host.tmpDir, 'secret.csv'), path.join(projects, 'link-out.csv'));
    symlinkSync(host.tmpDir, path.join(projects, 'linked-dir'));
    await expect(
      host.api.readProjectData({ projectId: PROJECT, path: rel, kind: 'file' }),
    ).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(message) });
  });

  it('reports a link inside an image folder as skipped instead of following it', async () => {
    const projects = await withProject();
    writeFileSync(path.join(host.tmpDir, 'outside.png'), new Uint8Array([1]));
    symlinkSync(path.join(host.tmpDir, 'outside.png'), path.join(projects, 'digits', 'one', 'z.png'));
    const r = await host.api.readProjectData({ projectId: PROJECT, path: 'digits', kind: 'folder' });
    expect(r.kind === 'folder' && r.skipped).toEqual([
      { path: 'one/z.png', reason: 'a link (links are not followed)' },
    ]);
    expect(r.kind === 'folder' && r.files.map((f) => f.path)).not.toContain('one/z.png');
  });

  it.each([
    ['missing.csv', 'file', 'not_found', '"missing.csv" does not exist in projects/'],
    ['digits', 'file', 'invalid', '"digits" is a folder, not a file'],
    ['flowers.csv', 'folder', 'invalid', '"flowers.csv" is a file, not a folder of images'],
  ] as const)('says why %s cannot be read as a %s', async (rel, kind, code, message) => {
    await withProject();
    await expect(host.api.readProjectData({ projectId: PROJECT, path: rel, kind })).rejects.toMatchObject({
      code,
      message,
    });
  });

  it('refuses a file over the size cap with its size and the cap', async () => {
    const projects = await withProject();
    const big = path.join(projects, 'big.csv');
    writeFileSync(big, '');
    truncateSync(big, PROJECT_DATA_LIMITS.fileBytes + 1024 * 1024);
    await expect(
      host.api.readProjectData({ projectId: PROJECT, path: 'big.csv', kind: 'file' }),
    ).rejects.toMatchObject({
      code: 'too_large',
      message: '"big.csv" is 65.0 MiB; data files are read up to 64.0 MiB',
    });
  });

  it.each([
    ['external:0123456789abcdef01234567', 'forbidden', /outside the workspace/],
    ['runs/x.layerloom', 'invalid', /not a project in the workspace/],
  ])('refuses data of project %s', async (projectId, code, message) => {
    await withProject();
    await expect(
      host.api.readProjectData({ projectId, path: 'flowers.csv', kind: 'file' }),
    ).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
  });
});
