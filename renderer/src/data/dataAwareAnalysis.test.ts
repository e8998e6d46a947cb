import { describe, expect, it } from 'vitest';
import { serializeProject } from '../core/document';
import { createEditorStore } from '../store/editorStore';
import { createDataAwareAnalysis } from './dataAwareAnalysis';
import { createDatasetInfoResolver } from './datasetInfoResolver';
import { cnnDoc, FakeWorkspace, storedMeta } from './testing';

const imagesNode = {
  source: 'images',
  path: 'shapes/',
  datasetId: 'shapes',
  imageSize: [28, 28],
  channels: 1,
};

function setup(dataset: Record<string, string | number | number[]> = imagesNode, units = 3) {
  const ws = new FakeWorkspace();
  ws.datasets.set('shapes', storedMeta([12, 12, 1], ['bright', 'dark', 'grey']));
  const data = createDataAwareAnalysis(createDatasetInfoResolver(ws.host));
  const store = createEditorStore(cnnDoc(dataset, units), data.analyze, serializeProject);
  data.attach(store);
  return { ws, data, store };
}

const unitsError = (store: ReturnType<typeof setup>['store']) =>
  store.getState().analysis.diagnostics.find((d) => d.nodeId === 'out' && d.field === 'units');

describe('data-aware analysis', () => {
  it('analyses at once, then again with the imported shapes once they are read', async () => {
    const { data, store, ws } = setup(imagesNode, 2);
    expect(ws.listCalls).toBe(0);
    expect(store.getState().analysis.nodes['in']?.outputShape).toEqual([null, 28, 28, 1]);
    await data.idle();
    const { analysis } = store.getState();
    expect(analysis.nodes['in']?.outputShape).toEqual([null, 12, 12, 1]);
    expect(analysis.nodes['conv']?.outputShape).toEqual([null, 10, 10, 4]);
    expect(analysis.dataset?.numClasses).toBe(3);
    expect(store.getState().revision).toBe(0);
    expect(store.getState().canUndo).toBe(false);
  });

  it('offers "Set units to N" when the output does not match the imported classes', async () => {
    const { data, store } = setup(imagesNode, 2);
    expect(unitsError(store)).toBeUndefined();
    await data.idle();
    expect(unitsError(store)?.fix).toMatchObject({ kind: 'setParam', field: 'units', value: 3 });
    expect(unitsError(store)?.fix?.label).toMatch(/^Set units to 3 to match/);
    store.run('setParam', { nodeId: 'out', name: 'units', value: 3 });
    expect(unitsError(store)).toBeUndefined();
  });

  it('does not ask the host again for edits that keep the dataset', async () => {
    const { data, store, ws } = setup();
    await data.idle();
    store.run('setParam', { nodeId: 'out', name: 'units', value: 5 });
    store.run('setParam', { nodeId: 'conv', name: 'filters', value: 8 });
    await data.idle();
    expect(ws.listCalls).toBe(1);
    expect(store.getState().analysis.nodes['conv']?.outputShape).toEqual([null, 10, 10, 8]);
  });

  it('shows an unreadable dataset as an error on its node', async () => {
    const { data, store } = setup({ source: 'csv', path: 'flowers.csv', labelColumn: 'species' });
    await data.idle();
    const { analysis } = store.getState();
    expect(analysis.valid).toBe(false);
    expect(analysis.diagnostics[0]).toMatchObject({ nodeId: 'data', field: 'path', severity: 'error' });
    expect(analysis.diagnostics[0]?.message).toContain('the project is not saved in the workspace yet');
  });

  it('refresh reads the workspace again and re-analyses', async () => {
    const { data, store, ws } = setup(imagesNode, 3);
    await data.idle();
    expect(unitsError(store)).toBeUndefined();
    ws.datasets.set('shapes', storedMeta([12, 12, 1], ['a', 'b', 'c', 'd']));
    data.refresh();
    await data.idle();
    expect(unitsError(store)?.fix).toMatchObject({ value: 4 });
  });
});
