import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** A w×h PNG whose pixels are `value(x, y)` in every colour channel. */
export function makePng(w: number, h: number, value: (x: number, y: number) => number): Buffer {
  const png = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 4;
      const v = value(x, y);
      png.data[o] = v;
      png.data[o + 1] = v;
      png.data[o + 2] = v;
      png.data[o + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

export function makeJpeg(w: number, h: number, value: number): Buffer {
  const data = Buffer.alloc(w * h * 4, value);
  return jpeg.encode({ width: w, height: h, data }, 90).data;
}

/**
 * Writes a class-per-folder tree of small images for tests: class "bright" has light images,
 * "dark" dark ones, so a model can learn them. Returns how many good images each class holds.
 */
export function writeImageFolder(dir: string, perClass: number, size = 12): Record<string, number> {
  const classes = { bright: 200, dark: 30 };
  for (const [name, level] of Object.entries(classes)) {
    mkdirSync(path.join(dir, name), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const png = makePng(size, size, (x, y) =>
        Math.max(0, Math.min(255, level + ((x * 7 + y * 13 + i * 5) % 40) - 20)),
      );
      writeFileSync(path.join(dir, name, `${String(i).padStart(3, '0')}.png`), png);
    }
  }
  return { bright: perClass, dark: perClass };
}
