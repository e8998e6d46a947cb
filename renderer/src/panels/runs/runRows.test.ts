import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../../../graph-core/src/document';
import type { RunListing } from '../../../../host/src/contract';
import {
  checkpointEpoch,
  markInterrupted,
  differencesFromCurrent,
  formatDuration,
  parseTags,
  sortRows,
  toRunRow,
} from './runRows';

const listing = (id: string, createdAt: string, summary: RunListing['summary']): RunListing => ({
  id,
  meta: { name: id, tags: [], note: '', projectName: 'P', projectId: null, sweepId: null, createdAt },
  summary,
  hasModel: true,
  hasCheckpoint: false,
  trashed: false,
});

const graph = (activation: string, extra: GraphDocument['nodes'] = []): GraphDocument => ({
  format: 'layerloom',
  version: 1,
  name: 'g',
  nodes: [
    { id: 'a1', type: 'Activation', params: { activation } },
    { id: 'opt', type: 'Optimizer', params: {} },
    ...extra,
  ],
  edges: [],
});

describe('run rows', () => {
  it('reads status, duration, backend and final metrics from the summary', () => {
    const row = toRunRow(
      listing('r1', '2025-01-01T00:00:00Z', {
        status: 'completed',
        durationMs: 1234,
        backend: 'wasm',
        final: { val_acc: 0.9, loss: null },
      }),
    );
    expect(row).toMatchObject({
      status: 'completed',
      durationMs: 1234,
      backend: 'wasm',
      final: { val_acc: 0.9, loss: null },
    });
  });

  it('shows a run without a summary as running', () => {
    expect(toRunRow(listing('r1', '2025-01-01T00:00:00Z', null)).status).toBe('running');
  });

  it('lists newest first', () => {
    const rows = ['2025-01-01T00:00:00Z', '2025-03-01T00:00:00Z', '2025-02-01T00:00:00Z'].map((t, i) =>
      toRunRow(listing(`r${i}`, t, null)),
    );
    expect(sortRows(rows).map((r) => r.id)).toEqual(['r1', 'r2', 'r0']);
  });
});

describe('differences from the current graph', () => {
  it('names the run’s own values and the nodes only one side has', () => {
    const run = graph('sigmoid', [{ id: 'drop', type: 'Dropout', params: { rate: 0.5 } }]);
    expect(differencesFromCurrent(graph('relu'), run)).toEqual(['a1.activation=sigmoid', '+drop']);
    expect(differencesFromCurrent(run, graph('sigmoid'))).toEqual(['−drop']);
  });

  it('is empty when the run used the current graph', () => {
    expect(differencesFromCurrent(graph('relu'), graph('relu'))).toEqual([]);
  });
});

describe('formatting', () => {
  it.each([
    [null, '—'],
    [1500, '1.5 s'],
    [125_000, '2 min 5 s'],
    [3_900_000, '1 h 5 min'],
  ])('formats %s ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('splits tags on commas and spaces without duplicates', () => {
    expect(parseTags(' best, mnist  best,,relu ')).toEqual(['best', 'mnist', 'relu']);
  });
});

describe('interrupted runs', () => {
  const row = (status: string) => toRunRow(listing('r1', '2026-01-01T00:00:00Z', { status }));
  it.each<[string, boolean, string]>([
    ['running', false, 'interrupted'],
    ['running', true, 'running'],
    ['completed', false, 'completed'],
    ['stopped', true, 'stopped'],
  ])('a %s run whose trainer is live=%s shows as %s', (status, live, shown) => {
    expect(markInterrupted(row(status), () => live).status).toBe(shown);
  });

  it('asks about the run by its id', () => {
    const asked: string[] = [];
    markInterrupted(row('running'), (id) => (asked.push(id), true));
    expect(asked).toEqual(['r1']);
  });
});

describe('checkpoint epoch', () => {
  it.each<[string | undefined, number, number]>([
    ['completed', 4, 3],
    ['stopped', 2, 2],
    ['diverged', 3, 3],
    [undefined, 0, 0],
  ])('a %s run with %i epochs recorded has its checkpoint at epoch %i', (status, recorded, epoch) => {
    expect(checkpointEpoch(status ? { status } : null, recorded)).toBe(epoch);
  });
});
