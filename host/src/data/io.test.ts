import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeDataset } from '../../../graph-core/src/data';
import { loadDataForGraph, type DataIO } from '../../../graph-core/src/data';
import type { GraphDocument } from '../../../graph-core/src/document';
import { makeTempDir } from '../fs/test-dir';
import { writeImageFolder } from './fixtures';
import { nodeImportIO } from './io';

let tmp: { dir: string; cleanup: () => void };
beforeEach(() => {
  tmp = makeTempDir('layerloom-dataio-');
});
afterEach(() => tmp.cleanup());

function doc(params: Record<string, string | number | number[]>): GraphDocument {
  return {
    format: 'layerloom',
    version: 1,
    name: 't',
    nodes: [
      { id: 'data', type: 'Dataset', params: { validationSplit: 0.2, seed: 1, ...params } },
      { id: 'in', type: 'Input', params: {} },
    ],
    edges: [{ id: 'e', source: 'data', target: 'in' }],
  };
}

function io(projectDir: string, workspaceDir: string | null): DataIO {
  return {
    readAsset: async () => new Uint8Array(),
    readFile: async (p) =>
      new Uint8Array(await import('node:fs/promises').then((f) => f.readFile(path.resolve(projectDir, p)))),
    ...nodeImportIO(projectDir, workspaceDir),
  };
}

describe('Node loaders for imported data', () => {
  it('loads a CSV and an image folder relative to the project folder', async () => {
    const project = path.join(tmp.dir, 'proj');
    mkdirSync(path.join(project, 'digits'), { recursive: true });
    writeFileSync(path.join(project, 'flowers.csv'), 'a;b;species\n1;2;x\n3;4;y\n5;6;x\n7;8;y\n9;0;x\n');
    writeImageFolder(path.join(project, 'digits'), 3, 8);
    const csv = await loadDataForGraph(
      doc({ source: 'csv', path: 'flowers.csv', labelColumn: 'species' }),
      io(project, null),
    );
    expect([csv.train.count + csv.validation.count, csv.classNames]).toEqual([5, ['x', 'y']]);
    const img = await loadDataForGraph(
      doc({ source: 'images', path: 'digits/', imageSize: [6, 6], channels: 3 }),
      io(project, null),
    );
    expect([img.featureShape, img.classNames, img.train.count + img.validation.count]).toEqual([
      [6, 6, 3],
      ['bright', 'dark'],
      6,
    ]);
  });

  it('loads a workspace dataset by id without the original file', async () => {
    const ws = path.join(tmp.dir, 'ws');
    const { meta, data } = encodeDataset({
      name: 'stored',
      modality: 'tabular',
      featureShape: [1],
      task: 'regression',
      numClasses: 1,
      classNames: [],
      count: 5,
      x: Float32Array.from([1, 2, 3, 4, 5]),
      y: Float32Array.from([2, 4, 6, 8, 10]),
    });
    mkdirSync(path.join(ws, 'datasets', 'stored'), { recursive: true });
    writeFileSync(
      path.join(ws, 'datasets', 'stored', 'meta.json'),
      JSON.stringify({ name: 'stored', createdAt: 'now', meta }),
    );
    writeFileSync(path.join(ws, 'datasets', 'stored', 'data.bin'), data);
    const d = await loadDataForGraph(
      doc({ source: 'csv', datasetId: 'stored', path: 'deleted.csv', labelColumn: 'y' }),
      io(tmp.dir, ws),
    );
    expect([d.task, d.train.count + d.validation.count]).toEqual(['regression', 5]);
    expect(await nodeImportIO(tmp.dir, ws).readWorkspaceDataset('../etc')).toBeNull();
  });
});
