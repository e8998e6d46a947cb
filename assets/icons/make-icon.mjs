// Draws the app icon (512x512 PNG): a small layered network, "woven" on a dark rounded tile.
// Run `node assets/icons/make-icon.mjs` after changing it; the PNG is committed.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const SIZE = 512;
const png = new PNG({ width: SIZE, height: SIZE });
const columns = [
  { x: 140, ys: [150, 256, 362], color: [79, 209, 197] },
  { x: 256, ys: [110, 202, 310, 402], color: [246, 173, 85] },
  { x: 372, ys: [200, 312], color: [252, 129, 129] },
];
const nodes = columns.flatMap((c) => c.ys.map((y) => ({ x: c.x, y, color: c.color })));
const edges = [];
for (let i = 0; i + 1 < columns.length; i++) {
  for (const a of columns[i].ys)
    for (const b of columns[i + 1].ys) edges.push([columns[i].x, a, columns[i + 1].x, b]);
}

const cover = (distance) => Math.max(0, Math.min(1, 0.5 - distance)); // 1px anti-aliasing
const blend = (dst, src, alpha) => dst.map((v, i) => v + (src[i] - v) * alpha);

function roundedBoxDistance(x, y, half, radius) {
  const qx = Math.abs(x) - half + radius;
  const qy = Math.abs(y) - half + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

function segmentDistance(px, py, [x1, y1, x2, y2]) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
}

for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    const px = x + 0.5;
    const py = y + 0.5;
    const t = py / SIZE;
    let rgb = [20 + 12 * t, 27 + 20 * t, 45 + 32 * t]; // deep navy, lighter towards the bottom
    for (const edge of edges)
      rgb = blend(rgb, [190, 205, 235], 0.32 * cover(segmentDistance(px, py, edge) - 3));
    for (const n of nodes) {
      const d = Math.hypot(px - n.x, py - n.y);
      rgb = blend(rgb, [245, 248, 255], cover(d - 27)); // ring
      rgb = blend(rgb, n.color, cover(d - 21));
    }
    const alpha = cover(roundedBoxDistance(px - SIZE / 2, py - SIZE / 2, SIZE / 2 - 16, 104));
    const i = (y * SIZE + x) * 4;
    png.data[i] = Math.round(rgb[0]);
    png.data[i + 1] = Math.round(rgb[1]);
    png.data[i + 2] = Math.round(rgb[2]);
    png.data[i + 3] = Math.round(alpha * 255);
  }
}

writeFileSync(join(dirname(fileURLToPath(import.meta.url)), 'icon.png'), PNG.sync.write(png));
