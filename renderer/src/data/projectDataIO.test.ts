import { describe, expect, it } from 'vitest';
import { importImageFolder, type ImageDecoder } from '../../../graph-core/src/data';
import { loadImportedDataset, type Fail } from '../../../graph-core/src/data';
import type { GraphNode, JsonValue } from '../../../graph-core/src/document';
import { HostError, type HostApi } from '../../../host/src/contract';
import { NO_PROJECT_FOLDER, projectDataIO } from './projectDataIO';

const PROJECT = 'projects/flowers.layerloom';
const png = (w: number, h: number) =>
  Uint8Array.from([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    0,
    0,
    0,
    13,
    73,
    72,
    68,
    82,
    0,
    0,
    0,
    w,
    0,
    0,
    0,
    h,
  ]);
const grey: ImageDecoder = (_bytes) => ({
  width: 2,
  height: 2,
  channels: 1,
  data: new Uint8Array([0, 85, 170, 255]),
});

/** The host as the renderer sees it: files beside one project, refusals as the real host words them. */
const host: Pick<HostApi, 'readProjectData'> = {
  async readProjectData({ projectId, path, kind, bytes = true }) {
    if (path.startsWith('..'))
      throw new HostError('forbidden', `path "${path}" refused: ".." is not allowed`);
    if (projectId !== PROJECT) throw new HostError('not_found', 'no such project');
    if (kind === 'file' && path === 'flowers.csv')
      return { kind, size: 30, bytes: new TextEncoder().encode('w,h,kind\n1,2,rose\n3,4,iris\n5,6,rose\n') };
    if (kind === 'folder' && path === 'digits/')
      return {
        kind,
        files: [
          { path: 'notes.txt', size: 5 },
          { path: 'one/a.png', size: 24, ...(bytes && { bytes: png(2, 2) }) },
          { path: 'two/b.png', size: 24, ...(bytes && { bytes: png(2, 2) }) },
        ],
        skipped: [],
      };
    throw new HostError('not_found', `"${path}" does not exist in projects/`);
  },
};

const node = (params: Record<string, JsonValue>): GraphNode => ({ id: 'd1', type: 'Dataset', params });
const fail: Fail = (message) => {
  throw new Error(message);
};

describe('project data in the app', () => {
  it('loads a CSV named by path through the host and graph-core’s CSV reader', async () => {
    const io = projectDataIO(host, PROJECT, { folderBytes: true });
    const ds = await loadImportedDataset(
      node({ source: 'csv', path: 'flowers.csv', labelColumn: 'kind' }),
      io,
      fail,
    );
    expect([ds.name, ds.count, ds.featureShape, ds.classNames]).toEqual([
      'flowers.csv',
      3,
      [2],
      ['iris', 'rose'],
    ]);
  });

  it('loads an image folder named by path, decoding the images and skipping the rest by name', async () => {
    const io = projectDataIO(host, PROJECT, { folderBytes: true });
    const { dataset, report } = await importImageFolder(await io.listFolder('digits/'), grey, {
      imageSize: [2, 2],
      channels: 1,
    });
    expect([dataset?.count, dataset?.classNames, report.skipped.map((s) => s.path)]).toEqual([
      2,
      ['one', 'two'],
      ['notes.txt'],
    ]);
    const ds = await loadImportedDataset(
      node({ source: 'images', path: 'digits/', imageSize: [2, 2], channels: 1 }),
      { ...io, decodeImage: grey },
      fail,
    );
    expect(Array.from(ds.x.subarray(0, 4), (v) => Math.round(v * 255))).toEqual([0, 85, 170, 255]);
  });

  it.each([
    [null, 'flowers.csv', `Dataset "d1": cannot read "flowers.csv": ${NO_PROJECT_FOLDER}`],
    [
      PROJECT,
      'missing.csv',
      'Dataset "d1": cannot read "missing.csv": "missing.csv" does not exist in projects/',
    ],
    [
      PROJECT,
      '../secret.csv',
      'Dataset "d1": cannot read "../secret.csv": path "../secret.csv" refused: ".." is not allowed',
    ],
  ])('names the node and the path when project %s cannot give %s', async (projectId, path, message) => {
    const io = projectDataIO(host, projectId, { folderBytes: true });
    await expect(
      loadImportedDataset(node({ source: 'csv', path, labelColumn: 'kind' }), io, fail),
    ).rejects.toThrow(message);
  });
});
