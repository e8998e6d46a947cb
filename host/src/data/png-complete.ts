import { inflateSync } from 'node:zlib';

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const ADAM7: [number, number, number, number][] = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/** Bytes the image data must inflate to: one filter byte plus the packed pixels, per row (per pass). */
function expectedBytes(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  const row = (w: number) => 1 + Math.ceil((w * bitsPerPixel) / 8);
  if (!interlaced) return height * row(width);
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    const w = Math.ceil((width - x0) / dx);
    const h = Math.ceil((height - y0) / dy);
    if (w > 0 && h > 0) total += h * row(w);
  }
  return total;
}

/**
 * Why a PNG is cut short, or null when its pixel data is all there. pngjs fills missing rows with
 * zeros (a black image) when the compressed data ends early but the chunks still line up, so the
 * Node import checks this before trusting a decode.
 */
export function pngIncomplete(bytes: Buffer): string | null {
  if (bytes.length < 33) return 'the file ends inside its header';
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const channels = CHANNELS[bytes[25] ?? -1] ?? 0;
  const bits = (bytes[24] ?? 0) * channels;
  const parts: Buffer[] = [];
  let at = 8;
  let ended = false;
  while (at + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > bytes.length) return `the file ends inside its ${type} chunk`;
    if (type === 'IDAT') parts.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
    if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (!ended) return 'the file is cut short (no IEND chunk)';
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(parts));
  } catch {
    return 'its image data is cut short';
  }
  const need = expectedBytes(width, height, bits, bytes[28] === 1);
  if (bits > 0 && raw.length < need) return `its image data is cut short (${raw.length} of ${need} bytes)`;
  return null;
}
