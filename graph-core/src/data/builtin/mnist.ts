import type { Dataset } from '../types';

/**
 * The MNIST asset (`assets/datasets/mnist.bin`), written at build time by scripts/build-data.mjs:
 *
 *   bytes 0-3   magic "LLMN"
 *   bytes 4-7   uint32 LE format version (1)
 *   bytes 8-11  uint32 LE sample count N
 *   bytes 12-13 uint8 rows, uint8 cols
 *   bytes 14-15 reserved (0)
 *   then N*rows*cols uint8 pixels (0-255, row-major), then N uint8 labels.
 *
 * Uint8 keeps the 10,000 digits at 7.9 MB instead of 31 MB of floats or 40 MB of JSON.
 */
export const MNIST_ASSET = 'datasets/mnist.bin';
export const MNIST_MAGIC = 'LLMN';
export const MNIST_HEADER_BYTES = 16;
export const MNIST_FORMAT_VERSION = 1;

export class MnistAssetError extends Error {}

export function decodeMnist(bytes: Uint8Array): Dataset {
  if (bytes.length < MNIST_HEADER_BYTES)
    throw new MnistAssetError('MNIST asset is truncated (no header); run `npm run build:data`.');
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== MNIST_MAGIC)
    throw new MnistAssetError('MNIST asset has the wrong header; run `npm run build:data`.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== MNIST_FORMAT_VERSION)
    throw new MnistAssetError(
      `MNIST asset version ${version} is not supported (expected ${MNIST_FORMAT_VERSION}).`,
    );
  const count = view.getUint32(8, true);
  const rows = bytes[12]!;
  const cols = bytes[13]!;
  const pixels = rows * cols;
  const expected = MNIST_HEADER_BYTES + count * pixels + count;
  if (bytes.length !== expected) {
    throw new MnistAssetError(
      `MNIST asset is ${bytes.length} bytes, expected ${expected}; run \`npm run build:data\`.`,
    );
  }
  const x = new Float32Array(count * pixels);
  const inv = 1 / 255;
  for (let i = 0; i < x.length; i++) x[i] = bytes[MNIST_HEADER_BYTES + i]! * inv;
  const y = new Float32Array(count);
  const labelStart = MNIST_HEADER_BYTES + count * pixels;
  for (let i = 0; i < count; i++) {
    const label = bytes[labelStart + i]!;
    if (label > 9) throw new MnistAssetError(`MNIST asset has label ${label} at sample ${i}.`);
    y[i] = label;
  }
  return {
    name: `MNIST (${count.toLocaleString('en-US')} digits)`,
    modality: 'image',
    featureShape: [rows, cols, 1],
    task: 'classification',
    numClasses: 10,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    count,
    x,
    y,
  };
}

/** The inverse of decodeMnist, used by tests and kept beside it so the layout lives in one file. */
export function encodeMnist(pixels: Uint8Array, labels: Uint8Array, rows = 28, cols = 28): Uint8Array {
  const count = labels.length;
  if (pixels.length !== count * rows * cols)
    throw new Error('encodeMnist: pixel count does not match labels');
  const out = new Uint8Array(MNIST_HEADER_BYTES + pixels.length + count);
  for (let i = 0; i < 4; i++) out[i] = MNIST_MAGIC.charCodeAt(i);
  const view = new DataView(out.buffer);
  view.setUint32(4, MNIST_FORMAT_VERSION, true);
  view.setUint32(8, count, true);
  out[12] = rows;
  out[13] = cols;
  out.set(pixels, MNIST_HEADER_BYTES);
  out.set(labels, MNIST_HEADER_BYTES + pixels.length);
  return out;
}
