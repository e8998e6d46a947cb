import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../fs/test-dir';
import { makeJpeg, makePng, writeImageFolder } from './fixtures';
import { importImageFolderFromDisk } from './images';

let tmp: { dir: string; cleanup: () => void };
beforeEach(() => {
  tmp = makeTempDir('layerloom-images-');
});
afterEach(() => tmp.cleanup());

const WEBP_VP8L_HEADER = Buffer.from([
  ...Buffer.from('RIFF'),
  30,
  0,
  0,
  0,
  ...Buffer.from('WEBP'),
  ...Buffer.from('VP8L'),
  10,
  0,
  0,
  0,
  0x2f,
  // width-1 = 7 and height-1 = 7 packed in 14-bit fields
  7,
  0xc0,
  0x01,
  0,
  0,
  0,
  0,
  0,
  0,
]);

describe('image-folder import from disk', () => {
  it('imports the good images and reports every skipped file with its reason', async () => {
    writeImageFolder(tmp.dir, 5, 10);
    const good = makePng(10, 10, () => 99);
    writeFileSync(path.join(tmp.dir, 'dark', 'truncated.png'), good.subarray(0, good.length - 20));
    writeFileSync(path.join(tmp.dir, 'dark', 'empty.png'), Buffer.alloc(0));
    writeFileSync(path.join(tmp.dir, 'bright', 'notes.txt'), 'not an image');
    writeFileSync(path.join(tmp.dir, 'bright', 'photo.jpg'), makeJpeg(16, 8, 220));
    writeFileSync(path.join(tmp.dir, 'bright', 'pic.webp'), WEBP_VP8L_HEADER);
    writeFileSync(path.join(tmp.dir, 'bright', 'fake.png'), 'hello');
    writeFileSync(path.join(tmp.dir, 'loose.png'), good);

    const r = await importImageFolderFromDisk(tmp.dir, { imageSize: [8, 8], channels: 1 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report.found).toBe(17);
    expect(r.report.imported).toBe(11);
    expect(r.report.classes).toEqual([
      { name: 'bright', count: 6 },
      { name: 'dark', count: 5 },
    ]);
    const reasons = Object.fromEntries(r.report.skipped.map((s) => [s.path, s.reason]));
    expect(Object.keys(reasons)).toHaveLength(6);
    expect(reasons['dark/empty.png']).toBe('empty file (0 bytes)');
    expect(reasons['bright/notes.txt']).toBe('not an image file (.txt)');
    expect(reasons['loose.png']).toBe('not inside a class folder');
    expect(reasons['bright/fake.png']).toBe('not a PNG, JPEG or WebP file (unrecognised content)');
    expect(reasons['dark/truncated.png']).toMatch(/^could not be decoded as PNG: /);
    expect(reasons['bright/pic.webp']).toMatch(/^WebP cannot be decoded in Node/);

    const ds = r.dataset;
    expect([ds.count, ds.featureShape, ds.classNames]).toEqual([11, [8, 8, 1], ['bright', 'dark']]);
    expect(ds.x.every((v) => v >= 0 && v <= 1)).toBe(true);
    // The JPEG (value 220, resized from 16×8) lands in class "bright" at about 220/255.
    const jpegIndex = 5; // bright/000..004.png, then bright/photo.jpg
    expect(ds.x[jpegIndex * 64]).toBeCloseTo(220 / 255, 1);
  });

  it('skips images over the pixel cap before decoding them', async () => {
    mkdirSync(path.join(tmp.dir, 'a'));
    writeFileSync(
      path.join(tmp.dir, 'a', 'big.png'),
      makePng(40, 30, () => 1),
    );
    writeFileSync(
      path.join(tmp.dir, 'a', 'small.png'),
      makePng(4, 4, () => 1),
    );
    const r = await importImageFolderFromDisk(tmp.dir, { imageSize: [4, 4], channels: 3, maxPixels: 1000 });
    expect(r.ok && r.report.skipped).toEqual([
      { path: 'a/big.png', reason: 'too large: 40×30 pixels is over the cap of 1,000 pixels' },
    ]);
  });

  it('names a missing folder and a folder with nothing usable', async () => {
    const missing = await importImageFolderFromDisk(path.join(tmp.dir, 'nope'), {
      imageSize: [4, 4],
      channels: 1,
    });
    expect(!missing.ok && missing.error).toContain('does not exist');
    writeFileSync(path.join(tmp.dir, 'readme.txt'), 'x');
    const none = await importImageFolderFromDisk(tmp.dir, { imageSize: [4, 4], channels: 1 });
    expect(!none.ok && none.error).toContain('1 files seen, 1 skipped');
  });
});
