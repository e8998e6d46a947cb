import { describe, expect, it } from 'vitest';
import { getKindSpec } from '../../../graph-core/src/catalogue';
import type { ParamSpec } from '../../../graph-core/src/catalogue';
import { checkRangeFor, listText, parseNumberList } from './numbers';

const opt = (name: string) => getKindSpec('Optimizer').params.find((p) => p.name === name) as ParamSpec;

describe('swept number lists', () => {
  it.each([
    ['32, 128', [32, 128]],
    ['32 64;128', [32, 64, 128]],
  ])('reads batch sizes "%s"', (text, values) => {
    expect(parseNumberList(opt('batchSize'), text)).toEqual({ ok: true, value: values });
  });

  it.each([
    ['', /at least one/],
    ['32, abc', /must be a whole number, not “abc”/],
    ['32.5', /must be a whole number, not “32.5”/],
    ['32, 32', /listed twice/],
    ['0', /\(0\)/],
  ])('refuses batch sizes "%s" naming the fault', (text, reason) => {
    const r = parseNumberList(opt('batchSize'), text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('writes values back as the user would type them', () => {
    expect(listText([0.001, 128, 'relu'])).toBe('0.001, 128, relu');
  });

  it.each([
    [{ range: 'log', min: 1e-4, max: 1e-1, count: 5 }, null],
    [{ range: 'log', min: 0, max: 1e-1, count: 5 }, /\(range min\)|above 0/],
    [{ range: 'linear', min: 0.1, max: 0.01, count: 3 }, /larger than its max/],
    [{ range: 'linear', min: 0.01, max: 0.1, count: 0 }, /count/],
  ] as const)('checks the learning-rate range %j', (range, problem) => {
    const r = checkRangeFor(opt('learningRate'), { ...range });
    if (problem === null) expect(r).toBeNull();
    else expect(r).toMatch(problem);
  });
});
