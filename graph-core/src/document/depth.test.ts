import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, tooDeep } from './depth';
import { parseProject } from './parse';

const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const project = (extra: string) =>
  `{"format":"layerloom","version":1,"name":"deep","nodes":[{"id":"d","type":"Dense","params":{"units":2,"x":${extra}}}],"edges":[]}`;

describe('deeply nested project files', () => {
  it.each([5_000, 100_000])('refuses %i levels inside params with a message, never a throw', (levels) => {
    const result = parseProject(project(nested(levels)));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(
      new RegExp(`^nodes\\[0\\]\\.params\\.x… is nested more than ${MAX_JSON_DEPTH} levels deep`),
    );
  });

  it('refuses deep nesting in an unknown top-level field too', () => {
    const text = `{"format":"layerloom","version":1,"name":"n","nodes":[],"edges":[],"notes":${nested(5_000)}}`;
    const result = parseProject(text);
    expect(!result.ok && result.error).toMatch(/^notes\[0\]\[0\]\[0\]… is nested more than/);
  });

  it('reads files nested up to the limit', () => {
    expect(tooDeep(JSON.parse(nested(MAX_JSON_DEPTH)))).toBeNull();
    expect(tooDeep(JSON.parse(nested(MAX_JSON_DEPTH + 1)))).toHaveLength(MAX_JSON_DEPTH);
  });
});
