/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { parseProject } from './parse';
import { serializeProject } from './serialize';
import { CURRENT_VERSION } from './types';

// Every file ever written by an older version must keep loading: one folder per version.
const fixtures = import.meta.glob<string>('../../fixtures/v*/*.layerloom', {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('version fixtures', () => {
  const entries = Object.entries(fixtures);

  it('keeps at least one fixture for every version up to the current one', () => {
    for (let v = 1; v <= CURRENT_VERSION; v++) {
      expect(entries.some(([path]) => path.includes(`/fixtures/v${v}/`))).toBe(true);
    }
  });

  it.each(entries)('loads %s', (_path, text) => {
    const result = parseProject(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.doc.version).toBe(CURRENT_VERSION);
    expect(result.doc.nodes.length).toBeGreaterThan(0);
  });

  it.each(entries)('saves %s so that it loads back the same', (_path, text) => {
    const first = parseProject(text);
    if (!first.ok) throw new Error(first.error);
    expect(parseProject(serializeProject(first.doc))).toStrictEqual({ ok: true, doc: first.doc });
  });

  it('keeps the unknown fields of the every-field fixture', () => {
    const text = entries.find(([path]) => path.endsWith('every-field.layerloom'))?.[1] ?? '';
    const result = parseProject(text);
    expect(result.ok && result.doc.savedBy).toEqual({ app: 'layerloom', note: 'any JSON value survives' });
  });
});
