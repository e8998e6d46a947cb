import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../document/types';
import { locateDataset } from './locate';

const stored = { meta: { kind: 'stored' }, data: new Uint8Array([1]) };
const workspace = {
  readWorkspaceDataset: async (id: string) => (id === 'kept' ? stored : null),
};
const node = (params: Record<string, JsonValue>) => ({ id: 'd', type: 'Dataset' as const, params });

describe('locateDataset', () => {
  it.each([
    [
      'a kept workspace copy wins over the path',
      { datasetId: 'kept', path: 'x.csv' },
      { from: 'workspace', id: 'kept', stored },
    ],
    [
      'a gone copy falls back to the path',
      { datasetId: 'gone', path: 'x.csv' },
      { from: 'path', path: 'x.csv' },
    ],
    [
      'a gone copy without a path names the copy',
      { datasetId: 'gone' },
      { from: 'nowhere', missingId: 'gone' },
    ],
    ['a path alone is read from the path', { path: 'digits/' }, { from: 'path', path: 'digits/' }],
    ['neither names nothing missing', {}, { from: 'nowhere', missingId: null }],
  ])('%s', async (_name, params, expected) => {
    expect(await locateDataset(node({ source: 'csv', ...params }), workspace)).toEqual(expected);
  });

  it('uses the path where no workspace can be read, even when a copy is named', async () => {
    expect(await locateDataset(node({ source: 'csv', datasetId: 'kept', path: 'x.csv' }), {})).toEqual({
      from: 'path',
      path: 'x.csv',
    });
    expect(await locateDataset(node({ source: 'csv', datasetId: 'kept' }), {})).toEqual({
      from: 'nowhere',
      missingId: null,
    });
  });
});
