import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendJsonl, parseJsonl, readJsonl } from './jsonl';
import { makeTempDir } from './test-dir';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

const record = fc.dictionary(
  fc.string({ maxLength: 8 }),
  fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.constant(null)),
  {
    maxKeys: 4,
    noNullPrototype: true,
  },
);

describe('parseJsonl', () => {
  it('ignores a half-written last line at any cut point (property)', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 6 }), fc.nat(), (records, cut) => {
        const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
        const truncated = text.slice(0, cut % (text.length + 1));
        const { records: read } = parseJsonl(truncated);
        const complete = truncated.split('\n').length - 1;
        // Every complete line is read back; a torn tail adds at most nothing wrong.
        expect(read.slice(0, complete)).toEqual(
          records.slice(0, complete).map((r) => JSON.parse(JSON.stringify(r))),
        );
        expect(read.length).toBeLessThanOrEqual(complete + 1);
      }),
      { numRuns: 300 },
    );
  });

  it('counts a damaged middle line as skipped and keeps the rest', () => {
    expect(parseJsonl('{"epoch":1}\n{"epo\n{"epoch":2}\n[1]\n')).toEqual({
      records: [{ epoch: 1 }, { epoch: 2 }],
      skipped: 2,
    });
  });
});

describe('appendJsonl', () => {
  it('starts on a fresh line after a torn tail so only the fragment is lost', async () => {
    const file = path.join(tmp.dir, 'metrics.jsonl');
    writeFileSync(file, '{"epoch":1}\n{"epoch":2,"lo');
    await appendJsonl(file, [{ epoch: 3 }]);
    expect(readFileSync(file, 'utf8')).toBe('{"epoch":1}\n{"epoch":2,"lo\n{"epoch":3}\n');
    expect(await readJsonl(file)).toEqual({ records: [{ epoch: 1 }, { epoch: 3 }], skipped: 1 });
  });

  it('reads a missing file as empty', async () => {
    expect(await readJsonl(path.join(tmp.dir, 'none.jsonl'))).toEqual({ records: [], skipped: 0 });
  });
});
