import { describe, expect, it } from 'vitest';
import { parseClaimsFile } from './claims';

const claim = {
  id: '01-a',
  sweep: 'a.json',
  statement: 'ReLU beats sigmoid.',
  source: 'Someone 2010',
  metric: 'val_acc',
  expect: [['relu', 'sigmoid']],
};
const file = (claims: unknown[]) => JSON.stringify({ format: 'layerloom-experiments', version: 1, claims });

describe('claims.json', () => {
  it('reads a claim with its predicted orderings', () => {
    const r = parseClaimsFile(file([claim]));
    expect(r.ok && r.value.claims[0]?.expect).toEqual([['relu', 'sigmoid']]);
  });

  it.each([
    ['a field that is missing', [{ ...claim, source: undefined }], 'claims.json: claims[0].source:'],
    ['a pair that is not a pair', [{ ...claim, expect: [['relu']] }], 'claims.json: claims[0].expect[0]'],
    [
      'a no-worse pair without a positive margin',
      [{ ...claim, noWorse: [['relu', 'sigmoid', 0]] }],
      'claims.json: claims[0].noWorse[0][2]',
    ],
    ['a claim listed twice', [claim, claim], 'claims.json: claim "01-a" is listed twice.'],
    [
      'a metric with no better side',
      [{ ...claim, metric: 'lr' }],
      'metric "lr" is neither an accuracy nor a loss',
    ],
  ])('refuses %s, naming it', (_what, claims, message) => {
    const r = parseClaimsFile(file(claims));
    expect(r.ok ? '' : r.error).toContain(message);
  });

  it('reads a no-worse pair with its margin', () => {
    const r = parseClaimsFile(file([{ ...claim, noWorse: [['large', 'small', 0.01]] }]));
    expect(r.ok && r.value.claims[0]?.noWorse).toEqual([['large', 'small', 0.01]]);
  });

  it('says where JSON breaks', () => {
    const r = parseClaimsFile('{"claims": [');
    expect(r.ok ? '' : r.error).toMatch(/^claims\.json is not valid JSON/);
  });
});
