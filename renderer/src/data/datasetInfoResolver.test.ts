import { describe, expect, it } from 'vitest';
import { createDatasetInfoResolver, NOT_IMPORTED } from './datasetInfoResolver';
import { cnnDoc, FakeWorkspace, storedMeta } from './testing';

const imagesNode = {
  source: 'images',
  path: 'shapes/',
  datasetId: 'shapes',
  imageSize: [12, 12],
  channels: 1,
};

function setup() {
  const ws = new FakeWorkspace();
  ws.datasets.set('shapes', storedMeta([12, 12, 1], ['bright', 'dark']));
  return { ws, resolver: createDatasetInfoResolver(ws.host) };
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
    ],
    [
      'a CSV named by path only',
      { source: 'csv', path: 'flowers.csv', labelColumn: 'species' },
      'path',
      `Dataset "data": cannot read "flowers.csv": ${NOT_IMPORTED}`,
    ],
    [
      'an image folder named by path only',
      { source: 'images', path: 'digits/' },
      'path',
      `Dataset "data": cannot read the folder "digits/": ${NOT_IMPORTED}`,
    ],
  ])('%s is a problem on the node’s field', async (_, params, field, message) => {
    const { resolver } = setup();
    const doc = cnnDoc(params);
    await resolver.resolve(doc);
    const { problems, infos, pending } = resolver.known(doc);
    expect(infos).toEqual({});
    expect(pending).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ nodeId: 'data', field });
    expect(problems[0]?.message).toBe(message);
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
