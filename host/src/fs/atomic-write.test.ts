import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATOMIC_STEPS, backupPathOf, isTempFile, writeFileAtomic } from './atomic-write';
import { makeTempDir } from './test-dir';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

class SimulatedDeath extends Error {}

describe('writeFileAtomic', () => {
  it('writes a new file and keeps the previous version as .bak', async () => {
    const file = path.join(tmp.dir, 'a.layerloom');
    await writeFileAtomic(file, 'one');
    expect(existsSync(backupPathOf(file))).toBe(false);
    await writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readFileSync(backupPathOf(file), 'utf8')).toBe('one');
    expect(readdirSync(tmp.dir).filter(isTempFile)).toEqual([]);
  });

  it.each(ATOMIC_STEPS)(
    'leaves the old or the new file, never a torn one, when the process dies after "%s"',
    async (step) => {
      const file = path.join(tmp.dir, 'p.json');
      const oldContent = JSON.stringify({ v: 'old', pad: 'x'.repeat(5000) });
      const newContent = JSON.stringify({ v: 'new', pad: 'y'.repeat(9000) });
      writeFileSync(file, oldContent);
      await expect(
        writeFileAtomic(file, newContent, {
          afterStep: (s) => {
            if (s === step) throw new SimulatedDeath(s);
          },
        }),
      ).rejects.toBeInstanceOf(SimulatedDeath);
      const seen = readFileSync(file, 'utf8');
      const renamed = ATOMIC_STEPS.indexOf(step) >= ATOMIC_STEPS.indexOf('renamed');
      expect(seen).toBe(renamed ? newContent : oldContent);
      if (ATOMIC_STEPS.indexOf(step) >= ATOMIC_STEPS.indexOf('backup-kept')) {
        expect(readFileSync(backupPathOf(file), 'utf8')).toBe(oldContent);
      }
      // The next successful write still works after the litter of a crash.
      await writeFileAtomic(file, 'later');
      expect(readFileSync(file, 'utf8')).toBe('later');
    },
  );

  it('removes its temp file when a write fails for a real reason', async () => {
    const file = path.join(tmp.dir, 'missing-dir', 'x.json');
    await expect(writeFileAtomic(file, 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it('survives SIGKILL of a writer process at random moments', async () => {
    const file = path.join(tmp.dir, 'killed.json');
    const versions = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({ i, pad: String(i).repeat(20_000) }),
    );
    writeFileSync(file, versions[0]!);
    const script = `
      import { writeFileAtomic } from ${JSON.stringify(path.resolve(__dirname, 'atomic-write.ts'))};
      const versions = ${JSON.stringify(versions.map((_, i) => i))};
      const make = (i) => JSON.stringify({ i, pad: String(i).repeat(20000) });
      console.log('ready');
      for (let round = 0; ; round++) for (const i of versions) await writeFileAtomic(${JSON.stringify(file)}, make(i));
    `;
    for (const delayMs of [30, 90, 170]) {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, delayMs));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      expect(versions).toContain(readFileSync(file, 'utf8'));
    }
  });
});
