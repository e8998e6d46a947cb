import { describe, expect, it } from 'vitest';
import { readImageHeader } from './header';
import { importImageFolder, type DecodedImage, type ImageFileSource } from './import';
import { planImageImport, relativeToPickedFolder } from './plan';

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('image headers', () => {
  it.each([
    [
      'PNG',
      bytes(PNG_SIG, [0, 0, 0, 13], 'IHDR', [0, 0, 1, 0x2c, 0, 0, 0, 0xc8]),
      { format: 'png', width: 300, height: 200 },
    ],
    [
      'JPEG with an APP0 segment before SOF0',
      bytes([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 50, 0, 70]),
      { format: 'jpeg', width: 70, height: 50 },
    ],
    [
      'WebP VP8X',
      bytes('RIFF', [0, 0, 0, 0], 'WEBP', 'VP8X', [10, 0, 0, 0, 0, 0, 0, 0], [99, 0, 0, 49, 0, 0]),
      { format: 'webp', width: 100, height: 50 },
    ],
    [
      'a truncated PNG',
      bytes(PNG_SIG, [0, 0]),
      { error: 'truncated PNG: the file ends before its image size' },
    ],
    [
      'a JPEG cut before its frame',
      bytes([0xff, 0xd8, 0xff, 0xe0, 0, 30, 1, 2]),
      { error: 'truncated JPEG: the file ends before its image size' },
    ],
    ['text', bytes('hello world'), { error: 'not a PNG, JPEG or WebP file (unrecognised content)' }],
  ])('reads %s', (_, b, expected) => {
    expect(readImageHeader(b)).toEqual(expected);
  });
});

describe('image-folder plan', () => {
  it('assigns classes by first folder and gives every skipped file a reason', () => {
    const plan = planImageImport(
      [
        { path: 'cat/1.png', size: 10 },
        { path: 'dog/sub/2.JPG', size: 10 },
        { path: 'dog/.DS_Store', size: 10 },
        { path: 'dog/3.png', size: 0 },
        { path: 'top.png', size: 10 },
        { path: 'cat/README', size: 10 },
        { path: 'cat/huge.png', size: 2e9 },
        { path: 'cat/x.webp', size: 10 },
      ],
      { maxImages: 2 },
    );
    expect(plan.images).toEqual([
      { path: 'cat/1.png', className: 'cat' },
      { path: 'cat/x.webp', className: 'cat' },
    ]);
    expect(plan.skipped).toEqual([
      { path: 'cat/README', reason: 'not an image file (no extension)' },
      { path: 'cat/huge.png', reason: 'file too large (2000.0 MB; the limit is 50 MB)' },
      { path: 'dog/.DS_Store', reason: 'hidden file' },
      { path: 'dog/3.png', reason: 'empty file (0 bytes)' },
      { path: 'dog/sub/2.JPG', reason: 'beyond the limit of 2 images' },
      { path: 'top.png', reason: 'not inside a class folder' },
    ]);
  });

  it('drops the picked folder name that browsers put in front of every path', () => {
    expect(relativeToPickedFolder(['digits/0/a.png', 'digits/1/b.png'])).toEqual(['0/a.png', '1/b.png']);
    expect(relativeToPickedFolder(['0/a.png', '1/b.png'])).toEqual(['0/a.png', '1/b.png']);
  });
});

describe('image-folder import', () => {
  const png = bytes(PNG_SIG, [0, 0, 0, 13], 'IHDR', [0, 0, 0, 2, 0, 0, 0, 2]);
  const file = (path: string, b: Uint8Array = png): ImageFileSource => ({
    path,
    size: b.length,
    read: async () => b,
  });
  const decodeTo = (v: number) => (): DecodedImage => ({
    width: 2,
    height: 2,
    channels: 4,
    data: new Uint8Array(16).fill(v),
  });

  it('resizes, converts to the chosen channels and scales pixels to [0, 1]', async () => {
    const { dataset, report } = await importImageFolder([file('b/1.png'), file('a/1.png')], decodeTo(255), {
      imageSize: [3, 3],
      channels: 3,
    });
    expect(report).toEqual({
      found: 2,
      imported: 2,
      skipped: [],
      classes: [
        { name: 'a', count: 1 },
        { name: 'b', count: 1 },
      ],
    });
    expect(dataset?.featureShape).toEqual([3, 3, 3]);
    expect(Array.from(dataset?.y ?? [])).toEqual([0, 1]);
    expect(dataset?.x.every((v) => v === 1)).toBe(true);
  });

  it('reports decoder failures and returns no dataset when nothing is left', async () => {
    const { dataset, report } = await importImageFolder([file('a/1.png')], () => ({ error: 'bad CRC' }), {
      imageSize: [2, 2],
      channels: 1,
    });
    expect(dataset).toBeNull();
    expect(report.skipped).toEqual([{ path: 'a/1.png', reason: 'bad CRC' }]);
  });
});
