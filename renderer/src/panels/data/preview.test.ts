import { describe, expect, it } from 'vitest';
import type { GraphNode, JsonValue } from '../../../../graph-core/src/document';
import { HostError, type HostApi } from '../../../../host/src/contract';
import { loadPreview } from './preview';

const PROJECT = 'projects/p.layerloom';
const rows = Array.from({ length: 20 }, (_, i) => `${i},${i % 3},${i % 2 ? 'odd' : 'even'}`);
const FILES: Record<string, string> = {
  'parity.csv': ['n,m,parity', ...rows].join('\n'),
  'ragged.csv': 'n,m,parity\n1,2,odd\n3,even\n',
};

const host = {
  async readProjectData({ projectId, path }: { projectId: string; path: string }) {
    const text = projectId === PROJECT ? FILES[path] : undefined;
    if (text === undefined) throw new HostError('not_found', `"${path}" does not exist in projects/`);
    return { kind: 'file' as const, size: text.length, bytes: new TextEncoder().encode(text) };
  },
  async readDataset() {
    throw new HostError('not_found', 'no such dataset');
  },
} as unknown as HostApi;

const csvNode = (params: Record<string, JsonValue>): GraphNode => ({
  id: 'flowers',
  type: 'Dataset',
  params: { source: 'csv', labelColumn: 'parity', ...params },
});

describe('Data panel preview of a Dataset named by path', () => {
  it('shows the CSV beside the project with its splits and statistics', async () => {
    const preview = await loadPreview(csvNode({ path: 'parity.csv' }), host, PROJECT);
    if ('error' in preview) throw new Error(preview.error);
    expect([preview.dataset.count, preview.dataset.classNames, preview.stats.classCounts]).toEqual([
      20,
      ['even', 'odd'],
      [10, 10],
    ]);
  });

  it('falls back to the path when the imported copy is gone', async () => {
    const preview = await loadPreview(csvNode({ path: 'parity.csv', datasetId: 'gone' }), host, PROJECT);
    expect('error' in preview ? preview.error : preview.dataset.count).toBe(20);
  });

  it.each([
    [{ path: 'ragged.csv' }, PROJECT, 'Dataset "flowers": "ragged.csv": Line 3 has 2 fields'],
    [{ path: 'nope.csv' }, PROJECT, 'Dataset "flowers": cannot read "nope.csv": "nope.csv" does not exist'],
    [{ path: 'parity.csv' }, null, 'the project is not saved in the workspace yet'],
    [{}, PROJECT, 'Import a CSV file to see its data here.'],
  ])('says why %o of project %s cannot be shown', async (params, projectId, message) => {
    const preview = await loadPreview(csvNode(params), host, projectId);
    expect('error' in preview && preview.error).toContain(message);
  });
});
