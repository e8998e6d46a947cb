import { mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readInside, readOptionalInside } from './contained';
import { appendJsonlInside } from './jsonl';
import { openInsideHooks } from './resolve-inside';
import { makeTempDir } from './test-dir';

// The check-then-open race: the path is checked, then swapped for a link out before it is opened.
const tmp = makeTempDir('layerloom-open-inside-');
afterAll(() => tmp.cleanup());
let root = '';
let outside = '';
let n = 0;

beforeEach(() => {
  root = path.join(tmp.dir, `root${++n}`);
  outside = path.join(tmp.dir, `outside${n}`);
  mkdirSync(path.join(root, 'runs', 'r1'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(path.join(root, 'runs', 'r1', 'metrics.jsonl'), '{"epoch":1}\n');
  writeFileSync(path.join(outside, 'metrics.jsonl'), 'SECRET\n');
});
afterEach(() => {
  openInsideHooks.afterCheck = undefined;
});

/** Between check and open: the file itself becomes a link to the outside file. */
const swapFile = () => {
  openInsideHooks.afterCheck = (checked) => {
    rmSync(checked);
    symlinkSync(path.join(outside, 'metrics.jsonl'), checked);
  };
};
/** Between check and open: the run folder becomes a link to an outside folder with the same file. */
const swapFolder = () => {
  openInsideHooks.afterCheck = (checked) => {
    const folder = path.dirname(checked);
    renameSync(folder, `${folder}-moved`);
    symlinkSync(outside, folder);
  };
};

describe.each([
  ['the file', swapFile],
  ['a folder on the way', swapFolder],
])('opening a workspace file while %s is swapped for a link out', (_what, swap) => {
  it('reads nothing from outside', async () => {
    swap();
    expect(await readOptionalInside(root, 'runs/r1/metrics.jsonl')).toBeNull();
    await expect(readInside(root, 'runs/r1/metrics.jsonl')).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('appends nothing outside', async () => {
    swap();
    await expect(appendJsonlInside(root, 'runs/r1/metrics.jsonl', [{ epoch: 2 }])).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(readFileSync(path.join(outside, 'metrics.jsonl'), 'utf8')).toBe('SECRET\n');
  });
});

describe('opening a workspace file nobody swaps', () => {
  it('reads and appends as before', async () => {
    expect(await readOptionalInside(root, 'runs/r1/metrics.jsonl')).toBe('{"epoch":1}\n');
    await appendJsonlInside(root, 'runs/r1/metrics.jsonl', [{ epoch: 2 }]);
    await appendJsonlInside(root, 'runs/r1/new.jsonl', [{ epoch: 1 }]);
    expect(readFileSync(path.join(root, 'runs', 'r1', 'metrics.jsonl'), 'utf8')).toBe(
      '{"epoch":1}\n{"epoch":2}\n',
    );
    expect(readFileSync(path.join(root, 'runs', 'r1', 'new.jsonl'), 'utf8')).toBe('{"epoch":1}\n');
  });
});
