// Bundles the `layerloom` CLI into dist/cli/layerloom.mjs (host/bin/layerloom.mjs runs it), with
// tfjs's ES2017 builds (see node-bundle.mjs).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_BUNDLE_OPTIONS } from './node-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'cli');
const require = createRequire(import.meta.url);

await build({
  entryPoints: [join(root, 'host', 'src', 'cli', 'bin.ts')],
  outfile: join(outDir, 'layerloom.mjs'),
  ...NODE_BUNDLE_OPTIONS,
  // Dawn's binding is a native .node module (and optional): loaded from node_modules at run time,
  // only when webgpu is asked for or probed.
  external: ['webgpu'],
  sourcemap: 'linked',
  legalComments: 'none',
});

// The wasm backend loads its binaries at run time; keep them beside the bundle.
const wasmDist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
mkdirSync(outDir, { recursive: true });
for (const name of readdirSync(wasmDist).filter((n) => n.endsWith('.wasm')))
  copyFileSync(join(wasmDist, name), join(outDir, name));
console.log(`build:cli: wrote ${join('dist', 'cli', 'layerloom.mjs')}`);
