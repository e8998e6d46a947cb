import { describe, expect, it } from 'vitest';
import { slug, timeStamp } from './names';

describe('run folder names', () => {
  it('stamps the local time, zero-padded, sortable', () => {
    expect(timeStamp(new Date(2025, 0, 2, 13, 4, 5))).toBe('20250102-130405');
  });
  it.each<[string, string]>([
    ['Élan v2', 'elan-v2'],
    ['  --Spiral classifier!! ', 'spiral-classifier'],
    ['日本', 'project'],
    ['a'.repeat(39) + ' b', 'a'.repeat(39)],
  ])('slugs %j as %j', (name, out) => {
    expect(slug(name)).toBe(out);
  });
});
