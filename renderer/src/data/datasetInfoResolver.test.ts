import { describe, expect, it } from 'vitest';
import { createDatasetInfoResolver } from './datasetInfoResolver';
import { NO_PROJECT_FOLDER } from './projectDataIO';
import { cnnDoc, FAKE_PROJECT, FakeWorkspace, storedMeta } from './testing';

const imagesNode = {
  source: 'images',
  path: 'shapes/',
  datasetId: 'shapes',
  imageSize: [12, 12],
  channels: 1,
};

function setup(projectId: string | null = null) {
  const ws = new FakeWorkspace();
  ws.datasets.set('shapes', storedMeta([12, 12, 1], ['bright', 'dark']));
  ws.files.set('flowers.csv', 'a,b,species\n1,2,x\n3,4,y\n5,6,z\n');
  ws.files.set('ragged.csv', 'a,b,species\n1,2,x\n3,y\n');
  ws.files.set('digits/', ['one/1.png', 'two/2.png', 'two/3.png', 'notes.txt']);
  let project = projectId;
  const resolver = createDatasetInfoResolver(ws.host, () => project);
  return { ws, resolver, setProject: (id: string | null) => (project = id) };
}

describe('dataset info resolver', () => {
  it('knows nothing about an imported dataset until resolved, then its shape and classes', async () => {
    const { resolver } = setup();
    const doc = cnnDoc(imagesNode);
    expect(resolver.known(doc)).toEqual({ infos: {}, problems: [], pending: ['data'] });
    expect(await resolver.resolve(doc)).toBe(true);
    expect(resolver.known(doc)).toEqual({
      infos: {
        data: {
          featureShape: [12, 12, 1],
          numClasses: 2,
          task: 'classification',
          classNames: ['bright', 'dark'],
        },
      },
      problems: [],
      pending: [],
    });
  });

  it('takes the shape from the workspace copy, not from the node’s image size', async () => {
    const { resolver } = setup();
    const doc = cnnDoc({ ...imagesNode, imageSize: [28, 28] });
    await resolver.resolve(doc);
    expect(resolver.known(doc).infos['data']?.featureShape).toEqual([12, 12, 1]);
  });

  it('reads the workspace listing once for edits that keep the same dataset', async () => {
    const { ws, resolver } = setup();
    await resolver.resolve(cnnDoc(imagesNode));
    const edited = cnnDoc(imagesNode, 7);
    expect(resolver.known(edited).pending).toEqual([]);
    expect(await resolver.resolve(edited)).toBe(false);
    expect(ws.listCalls).toBe(1);
  });

  it('shares one read between resolves that overlap', async () => {
    const { ws, resolver } = setup();
    const doc = cnnDoc(imagesNode);
    await Promise.all([
      resolver.resolve(doc),
      resolver.resolve(doc),
      resolver.resolve(cnnDoc(imagesNode, 3)),
    ]);
    expect(ws.listCalls).toBe(1);
  });

  it('finds a dataset imported after the listing was read by reading the listing again', async () => {
    const { ws, resolver } = setup();
    await resolver.resolve(cnnDoc(imagesNode));
    ws.datasets.set('blobs', storedMeta([4], ['large', 'small']));
    const csv = cnnDoc({ source: 'csv', path: 'blobs.csv', datasetId: 'blobs', labelColumn: 'class' });
    expect(resolver.known(csv).pending).toEqual(['data']);
    await resolver.resolve(csv);
    expect(resolver.known(csv).infos['data']?.featureShape).toEqual([4]);
    expect(ws.listCalls).toBe(2);
  });

  it('after refresh reads a re-imported dataset with the same id again', async () => {
    const { ws, resolver } = setup();
    const doc = cnnDoc(imagesNode);
    await resolver.resolve(doc);
    ws.datasets.set('shapes', storedMeta([12, 12, 1], ['a', 'b', 'c']));
    expect(resolver.known(doc).infos['data']?.numClasses).toBe(2);
    resolver.refresh();
    expect(resolver.known(doc).pending).toEqual(['data']);
    await resolver.resolve(doc);
    expect(resolver.known(doc).infos['data']?.numClasses).toBe(3);
  });

  it.each([
    [
      'an imported dataset no longer in the workspace',
      { source: 'csv', datasetId: 'gone', labelColumn: 'y' },
      'datasetId',
      'Dataset "data": imported dataset "gone" is not in this workspace.',
      FAKE_PROJECT,
    ],
    [
      'a CSV path in a project not saved yet',
      { source: 'csv', path: 'flowers.csv', labelColumn: 'species' },
      'path',
      `Dataset "data": cannot read "flowers.csv": ${NO_PROJECT_FOLDER}`,
      null,
    ],
    [
      'an image folder path in a project not saved yet',
      { source: 'images', path: 'digits/' },
      'path',
      `Dataset "data": cannot read the folder "digits/": ${NO_PROJECT_FOLDER}`,
      null,
    ],
    [
      'a CSV path that is not beside the project',
      { source: 'csv', path: 'missing.csv', labelColumn: 'species' },
      'path',
      'Dataset "data": cannot read "missing.csv": "missing.csv" does not exist in projects/',
      FAKE_PROJECT,
    ],
    [
      'a ragged CSV beside the project',
      { source: 'csv', path: 'ragged.csv', labelColumn: 'species' },
      'path',
      'Dataset "data": "ragged.csv": Line 3 has 2 fields but the header on line 1 has 3 (comma-separated).',
      FAKE_PROJECT,
    ],
  ])('%s is a problem on the node’s field', async (_, params, field, message, projectId) => {
    const { resolver } = setup(projectId);
    const doc = cnnDoc(params);
    await resolver.resolve(doc);
    const { problems, infos, pending } = resolver.known(doc);
    expect(infos).toEqual({});
    expect(pending).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ nodeId: 'data', field });
    expect(problems[0]?.message).toBe(message);
  });

  it('reads a CSV beside the saved project through the host, and again for another project', async () => {
    const { resolver, ws, setProject } = setup(FAKE_PROJECT);
    const doc = cnnDoc({ source: 'csv', path: 'flowers.csv', labelColumn: 'species' });
    await resolver.resolve(doc);
    expect(resolver.known(doc).infos['data']).toEqual({
      featureShape: [2],
      numClasses: 3,
      task: 'classification',
      classNames: ['x', 'y', 'z'],
    });
    expect(ws.dataReads).toEqual([{ projectId: FAKE_PROJECT, path: 'flowers.csv', kind: 'file' }]);
    setProject('projects/other.layerloom');
    expect(resolver.known(doc).pending).toEqual(['data']);
  });

  it('learns an image folder’s classes from its listing without asking for the image bytes', async () => {
    const { resolver, ws } = setup(FAKE_PROJECT);
    const doc = cnnDoc({ source: 'images', path: 'digits/', imageSize: [12, 12], channels: 1 });
    await resolver.resolve(doc);
    expect(resolver.known(doc).infos['data']).toMatchObject({
      featureShape: [12, 12, 1],
      classNames: ['one', 'two'],
    });
    expect(ws.dataReads).toEqual([
      { projectId: FAKE_PROJECT, path: 'digits/', kind: 'folder', bytes: false },
    ]);
  });

  it('leaves a CSV without a label column to the analysis’ own checks', async () => {
    const { resolver } = setup();
    const doc = cnnDoc({ source: 'csv', path: 'a.csv' });
    await resolver.resolve(doc);
    expect(resolver.known(doc)).toEqual({ infos: {}, problems: [], pending: [] });
  });

  it('ignores built-in datasets', () => {
    const { resolver } = setup();
    expect(resolver.known(cnnDoc({ source: 'mnist' })).pending).toEqual([]);
  });

  it('keeps a node pending when the host cannot be reached, and reads it on the next try', async () => {
    const { ws, resolver } = setup();
    const doc = cnnDoc(imagesNode);
    ws.failNext = true;
    expect(await resolver.resolve(doc)).toBe(false);
    expect(resolver.known(doc).pending).toEqual(['data']);
    expect(await resolver.resolve(doc)).toBe(true);
    expect(resolver.known(doc).infos['data']?.numClasses).toBe(2);
  });
});
