import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInside, resolveInsideLexical } from './resolve-inside';
import { makeTempDir } from './test-dir';

let tmp: ReturnType<typeof makeTempDir>;
let root: string;
let outside: string;

beforeAll(() => {
  tmp = makeTempDir();
  root = path.join(tmp.dir, 'root');
  outside = path.join(tmp.dir, 'outside');
  mkdirSync(path.join(root, 'projects', 'deep'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret.txt'), 'secret');
  symlinkSync(outside, path.join(root, 'projects', 'escape'));
  symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'file-link'));
  symlinkSync(path.join(root, 'projects', 'deep'), path.join(root, 'inner-link'));
});
afterAll(() => tmp.cleanup());

const isInside = (parent: string, child: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

const segment = fc.constantFrom(
  'projects',
  'deep',
  'escape',
  'file-link',
  'inner-link',
  'a.txt',
  '..',
  '.',
  '',
  '~',
  'x\0y',
  'C:',
  '/',
  '\\',
  '%2e%2e',
);
const relPath = fc
  .array(segment, { minLength: 1, maxLength: 6 })
  .chain((parts) => fc.constantFrom('/', '\\').map((sep) => parts.join(sep)));

describe('resolveInside', () => {
  it.each([
    ['..', /"\.\." is not allowed/],
    ['projects/../../outside', /"\.\." is not allowed/],
    ['projects\\..\\..\\x', /"\.\." is not allowed/],
    ['/etc/passwd', /absolute path/],
    ['C:\\Windows', /absolute path/],
    ['\\\\server\\share', /absolute path/],
    ['a\0b', /NUL byte/],
    ['', /empty/],
  ])('refuses %j', async (rel, message) => {
    await expect(resolveInside(root, rel)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(message),
    });
  });

  it.each([['projects/escape/secret.txt'], ['file-link'], ['projects/escape/new/file.txt']])(
    'refuses a symlink leading outside: %s',
    async (rel) => {
      await expect(resolveInside(root, rel)).rejects.toMatchObject({
        message: expect.stringMatching(/link leads outside/),
      });
    },
  );

  it('accepts a symlink that stays inside and a path that does not exist yet', async () => {
    expect(await resolveInside(root, 'inner-link/x.txt')).toBe(path.join(root, 'projects', 'deep', 'x.txt'));
    expect(await resolveInside(root, 'projects/new/file.layerloom')).toBe(
      path.join(root, 'projects', 'new', 'file.layerloom'),
    );
  });

  it('never returns a path outside the real root (property)', async () => {
    await fc.assert(
      fc.asyncProperty(relPath, async (rel) => {
        let resolved: string;
        try {
          resolved = await resolveInside(root, rel);
        } catch (error) {
          expect(error).toMatchObject({ code: 'forbidden' });
          return;
        }
        expect(isInside(root, resolved)).toBe(true);
        expect(rel).not.toContain('\0');
        expect(rel.split(/[\\/]/)).not.toContain('..');
      }),
      { numRuns: 400 },
    );
  });

  it('lexical check alone keeps any string inside the root or refuses it (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (rel) => {
        try {
          expect(isInside(path.resolve(root), resolveInsideLexical(root, rel))).toBe(true);
        } catch (error) {
          expect(error).toMatchObject({ code: 'forbidden' });
        }
      }),
      { numRuns: 1000 },
    );
  });
});
