import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeImageNode } from './decode';
import { makePng } from './fixtures';

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/** A well-formed 64×64 PNG (IHDR, one IDAT, IEND, right CRCs) whose image data stops halfway. */
function halfPng(cutCompressed: boolean): Buffer {
  const good = makePng(64, 64, () => 200);
  const idat: Buffer[] = [];
  for (let at = 33; at < good.length;) {
    const length = good.readUInt32BE(at);
    if (good.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(good.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const z = Buffer.concat(idat);
  const data = cutCompressed
    ? z.subarray(0, z.length >> 1)
    : deflateSync(inflateSync(z).subarray(0, inflateSync(z).length >> 1));
  return Buffer.concat([good.subarray(0, 33), chunk('IDAT', data), chunk('IEND', Buffer.alloc(0))]);
}

describe('Node PNG decoding refuses truncated files', () => {
  // pngjs alone decoded both of these as an image whose lower half is black.
  it('refuses image data that inflates to half the rows, with the byte counts', () => {
    expect(decodeImageNode(new Uint8Array(halfPng(false)), 'png')).toEqual({
      error: 'could not be decoded as PNG: its image data is cut short (8224 of 16448 bytes)',
    });
  });

  it('refuses a compressed stream cut in the middle', () => {
    expect(decodeImageNode(new Uint8Array(halfPng(true)), 'png')).toEqual({
      error: 'could not be decoded as PNG: its image data is cut short',
    });
  });

  it('refuses a file cut anywhere before its end, and still decodes the whole one', () => {
    const good = makePng(16, 16, (x, y) => x * 16 + y);
    for (let cut = 8; cut < good.length; cut += 7)
      expect(decodeImageNode(new Uint8Array(good.subarray(0, cut)), 'png')).toHaveProperty('error');
    expect(decodeImageNode(new Uint8Array(good), 'png')).toMatchObject({ width: 16, height: 16 });
  });
});
