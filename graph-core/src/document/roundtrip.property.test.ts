import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProject } from './parse';
import { serializeProject } from './serialize';
import { documentArb, jsonArb } from './testkit';

function reparse(text: string) {
  const result = parseProject(text);
  if (!result.ok) throw new Error(result.error);
  return result.doc;
}

describe('project file properties', () => {
  it('loads every saved document back exactly', () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        expect(reparse(serializeProject(doc))).toStrictEqual(doc);
      }),
      { numRuns: 300 },
    );
  });

  it('saves a loaded document to the same text again', () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const text = serializeProject(doc);
        expect(serializeProject(reparse(text))).toBe(text);
      }),
    );
  });

  it('keeps every unknown top-level field through load and save', () => {
    fc.assert(
      fc.property(documentArb, fc.string({ minLength: 1, maxLength: 10 }), jsonArb, (doc, key, value) => {
        fc.pre(!['format', 'version', 'name', 'weights', 'nodes', 'edges', '__proto__'].includes(key));
        const loaded = reparse(serializeProject({ ...doc, [key]: value }));
        expect(loaded[key]).toStrictEqual(value);
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const result = parseProject(text);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary JSON, and explains in one line', () => {
    fc.assert(
      fc.property(jsonArb, (value) => {
        const result = parseProject(JSON.stringify(value));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error).not.toMatch(/\n/);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on a valid file with one character changed or removed', () => {
    fc.assert(
      fc.property(documentArb, fc.nat(), fc.string({ maxLength: 2 }), (doc, at, insert) => {
        const text = serializeProject(doc);
        const i = at % text.length;
        const broken = text.slice(0, i) + insert + text.slice(i + 1);
        const result = parseProject(broken);
        if (!result.ok) expect(result.error.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws when any field of a valid file is replaced by other JSON', () => {
    fc.assert(
      fc.property(documentArb, fc.nat(), jsonArb, (doc, pick, value) => {
        const raw = JSON.parse(serializeProject(doc)) as unknown;
        const slots: [Record<string, unknown> | unknown[], string | number][] = [];
        const walk = (v: unknown): void => {
          if (typeof v !== 'object' || v === null) return;
          for (const [k, item] of Object.entries(v)) {
            slots.push([v as Record<string, unknown>, Array.isArray(v) ? Number(k) : k]);
            walk(item);
          }
        };
        walk(raw);
        const slot = slots[pick % slots.length];
        if (slot) (slot[0] as Record<string | number, unknown>)[slot[1]] = value;
        const result = parseProject(JSON.stringify(raw));
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
