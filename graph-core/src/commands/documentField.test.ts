import { describe, expect, it } from 'vitest';
import { CommandError } from './command';
import { createHistory, execute, undo } from './history';
import { applyCommand } from './registry';
import { chainDoc } from './testDocs';

describe('setDocumentField', () => {
  it('adds an extension field and undo removes it again', () => {
    const base = chainDoc();
    const h = execute(createHistory(base), 'setDocumentField', { key: 'sweep', value: { mode: 'grid' } });
    expect(h.history.doc.sweep).toEqual({ mode: 'grid' });
    expect(undo(h.history).doc.sweep).toBeUndefined();
  });

  it('removes the field when the value is undefined', () => {
    const withField = applyCommand(chainDoc(), 'setDocumentField', { key: 'sweep', value: 1 }).doc;
    const removed = applyCommand(withField, 'setDocumentField', { key: 'sweep', value: undefined }).doc;
    expect(Object.hasOwn(removed, 'sweep')).toBe(false);
  });

  it.each(['format', 'version', 'name', 'nodes', 'edges', '__proto__'])(
    'refuses to touch the core field %s',
    (key) => {
      expect(() => applyCommand(chainDoc(), 'setDocumentField', { key, value: 1 })).toThrow(CommandError);
    },
  );
});
