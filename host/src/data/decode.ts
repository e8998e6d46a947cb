import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { DecodedImage, ImageDecoder } from '../../../graph-core/src/data';
import { pngIncomplete } from './png-complete';

/** Decoding memory cap handed to jpeg-js, on top of the pixel cap checked from the header. */
const JPEG_MAX_MEMORY_MB = 1024;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Decodes PNG (pngjs) and JPEG (jpeg-js) in Node. Corrupt or truncated files come back as
 * `{ error }` with the decoder's reason. WebP has no pure-JS decoder here, so the CLI says so.
 */
export const decodeImageNode: ImageDecoder = (bytes, format) => {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === 'webp') {
    return {
      error: 'WebP cannot be decoded in Node (command line); import the folder in the app, or convert to PNG',
    };
  }
  try {
    if (format === 'png') {
      const short = pngIncomplete(buffer);
      if (short) return { error: `could not be decoded as PNG: ${short}` };
      const png = PNG.sync.read(buffer);
      const img: DecodedImage = { width: png.width, height: png.height, channels: 4, data: png.data };
      return img;
    }
    const raw = jpeg.decode(buffer, {
      useTArray: true,
      formatAsRGBA: true,
      // Intolerant decoding reports truncated files instead of returning half-grey images.
      tolerantDecoding: false,
      maxMemoryUsageInMB: JPEG_MAX_MEMORY_MB,
    });
    return { width: raw.width, height: raw.height, channels: 4, data: raw.data };
  } catch (e) {
    return { error: `could not be decoded as ${format.toUpperCase()}: ${message(e)}` };
  }
};
