import { describe, expect, it } from 'vitest';
import { formatCount } from './format';

describe('formatCount', () => {
  it.each<[number, boolean, string]>([
    [0, false, '0'],
    [999, false, '999'],
    [100480, false, '100,480'],
    [1234567, false, '1,234,567'],
    [9999, true, '9,999'],
    [12345, true, '12.3k'],
    [1234567, true, '1.23M'],
  ])('writes %d (compact %s) as %s', (n, compact, text) => {
    expect(formatCount(n, compact)).toBe(text);
  });
});
