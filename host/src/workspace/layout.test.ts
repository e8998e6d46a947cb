import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveWorkspaceDir, safeFileName, slug } from './layout';

describe('resolveWorkspaceDir', () => {
  it.each([
    [['--workspace', '/data/ws'], {}, '/data/ws'],
    [['--workspace=/data/eq'], { LAYERLOOM_WORKSPACE: '/env' }, '/data/eq'],
    [[], { LAYERLOOM_WORKSPACE: '/env/ws' }, '/env/ws'],
    [['--workspace'], {}, '/home/ada/Layerloom'],
    [[], {}, '/home/ada/Layerloom'],
  ])('reads %j with env %j as %s', (argv, env, expected) => {
    expect(resolveWorkspaceDir(argv, env, '/home/ada')).toBe(path.resolve(expected));
  });
});

describe('safeFileName', () => {
  it.each([
    ['MNIST MLP', 'MNIST MLP'],
    ['a/b\\c:d', 'a-b-c-d'],
    ['..', 'untitled'],
    ['  .hidden.  ', 'hidden'],
    ['CON', '_CON'],
    ['', 'untitled'],
  ])('turns %j into %j', (name, expected) => {
    expect(safeFileName(name)).toBe(expected);
  });

  it('always gives one non-empty, portable file name (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (name) => {
        const out = safeFileName(name);
        expect(out.length).toBeGreaterThan(0);
        expect(out.length).toBeLessThanOrEqual(101);
        expect(out).not.toMatch(/[\u0000-\u001f/\\:*?"<>|]/);
        expect(out).not.toMatch(/^[.\s]|[.\s]$/);
        expect(path.basename(out)).toBe(out);
      }),
      { numRuns: 500 },
    );
  });
});

describe('slug', () => {
  it.each([
    ['MNIST MLP', 'mnist-mlp'],
    ['Résumé — v2!', 'resume-v2'],
    ['***', 'project'],
  ])('turns %j into %j', (name, expected) => {
    expect(slug(name)).toBe(expected);
  });

  it('gives only a-z, 0-9 and inner dashes (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (name) => {
        expect(slug(name)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      }),
    );
  });
});
