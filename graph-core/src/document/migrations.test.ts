import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrateUp, type Migration } from './migrations';
import { parseProject } from './parse';

// A pretend version 1 that called the project "title"; version 2 renamed it to "name".
const renameTitle: Migration = {
  from: 1,
  to: 2,
  migrate: (doc) => {
    const { title, ...rest } = doc;
    return { ...rest, name: title };
  },
};

const oldFile = JSON.stringify({
  format: 'layerloom',
  version: 1,
  title: 'Old',
  nodes: [],
  edges: [],
  keep: 1,
});

describe('migrations', () => {
  it('opens a version 1 file unchanged apart from the version', () => {
    const v1 = { format: 'layerloom', version: 1, name: 'Old', keep: 1, nodes: [], edges: [] };
    const result = parseProject(JSON.stringify(v1));
    expect(result).toEqual({ ok: true, migratedFrom: 1, doc: { ...v1, version: 2 } });
    expect(MIGRATIONS.map((m) => [m.from, m.to])).toEqual([[1, 2]]);
  });

  it('keeps a version 1 "weights" field as someone else\'s data instead of reading it as a sidecar', () => {
    const v1 = { format: 'layerloom', version: 1, name: 'Old', weights: 'mine', a: 1, nodes: [], edges: [] };
    const result = parseProject(JSON.stringify(v1));
    expect(result.ok && result.doc).toEqual({
      format: 'layerloom',
      version: 2,
      name: 'Old',
      'x-v1-weights': 'mine',
      a: 1,
      nodes: [],
      edges: [],
    });
    expect(result.ok && Object.keys(result.doc)).toContain('x-v1-weights');
  });

  it('reads a version 2 weights reference and refuses a malformed one naming the field', () => {
    const doc = (weights: unknown) =>
      JSON.stringify({ format: 'layerloom', version: 2, name: 'W', weights, nodes: [], edges: [] });
    const ok = parseProject(doc({ manifest: 'w.weights/weights.json', nodes: ['d1'] }));
    expect(ok.ok && ok.doc.weights).toEqual({ manifest: 'w.weights/weights.json', nodes: ['d1'] });
    expect(parseProject(doc({ manifest: '', nodes: [] }))).toEqual({
      ok: false,
      error: 'weights.manifest: must not be empty.',
    });
    expect(parseProject(doc({ manifest: 'a', nodes: 'd1' }))).toEqual({
      ok: false,
      error: 'weights.nodes: expected a list, found a string ("d1").',
    });
  });

  it('upgrades an old file on load and says which version it came from', () => {
    const result = parseProject(oldFile, { migrations: [renameTitle], currentVersion: 2 });
    expect(result).toEqual({
      ok: true,
      migratedFrom: 1,
      doc: { format: 'layerloom', version: 2, name: 'Old', nodes: [], edges: [], keep: 1 },
    });
  });

  it('does not migrate a file that is already current', () => {
    const current = JSON.stringify({ format: 'layerloom', version: 2, name: 'New', nodes: [], edges: [] });
    const result = parseProject(current, { migrations: [renameTitle], currentVersion: 2 });
    expect(result).toEqual({
      ok: true,
      doc: { format: 'layerloom', version: 2, name: 'New', nodes: [], edges: [] },
    });
  });

  it('runs each step once, in version order, whatever the registry order', () => {
    const calls: string[] = [];
    const step = (from: number): Migration => ({
      from,
      to: from + 1,
      migrate: (doc) => (calls.push(`${from}->${from + 1}@v${String(doc.version)}`), doc),
    });
    const outcome = migrateUp({ version: 1 }, 1, 4, [step(3), step(1), step(2)]);
    expect(calls).toEqual(['1->2@v1', '2->3@v2', '3->4@v3']);
    expect(outcome).toEqual({ ok: true, doc: { version: 4 } });
  });

  it('explains a missing step instead of loading a half-upgraded file', () => {
    const result = parseProject(oldFile, { migrations: [], currentVersion: 2 });
    expect(result).toEqual({
      ok: false,
      error: 'This build cannot upgrade a version 1 project (no migration from version 1).',
    });
  });

  it('reports a step that fails as one line naming the versions', () => {
    const broken: Migration = {
      from: 1,
      to: 2,
      migrate: () => {
        throw new Error('nodes[0] has no type');
      },
    };
    const result = parseProject(oldFile, { migrations: [broken], currentVersion: 2 });
    expect(result).toEqual({
      ok: false,
      error: 'Could not upgrade this project from version 1 to 2: nodes[0] has no type',
    });
  });

  it('validates the upgraded document against the current schema', () => {
    const dropsName: Migration = { from: 1, to: 2, migrate: ({ title: _title, ...rest }) => rest };
    const result = parseProject(oldFile, { migrations: [dropsName], currentVersion: 2 });
    expect(result).toEqual({ ok: false, error: 'name is missing (expected a string).' });
  });
});
