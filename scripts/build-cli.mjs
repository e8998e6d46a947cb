// Bundles the `layerloom` CLI into dist/cli/layerloom.mjs (host/bin/layerloom.mjs runs it).
// tfjs packages list ES5 CommonJS builds as `main`; their `module` entries are ES2017 modules,
// measured 1.3–3.4× faster on the cpu backend, so `module` is preferred over `main` here.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'cli');
const require = createRequire(import.meta.url);

await build({
  entryPoints: [join(root, 'host', 'src', 'cli', 'bin.ts')],
  outfile: join(outDir, 'layerloom.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  mainFields: ['module', 'main'],
  // Bundled CommonJS (the wasm runtime's glue, seedrandom, long) still calls require() and reads
  // __dirname; give the ES module bundle both.
  banner: {
    js: [
      "import { createRequire as __llCreateRequire } from 'node:module';",
      "import { fileURLToPath as __llFileURLToPath } from 'node:url';",
      "import { dirname as __llDirname } from 'node:path';",
      'const require = __llCreateRequire(import.meta.url);',
      'const __filename = __llFileURLToPath(import.meta.url);',
      'const __dirname = __llDirname(__filename);',
    ].join('\n'),
  },
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
});

// The wasm backend loads its binaries at run time; keep them beside the bundle.
const wasmDist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
mkdirSync(outDir, { recursive: true });
for (const name of readdirSync(wasmDist).filter((n) => n.endsWith('.wasm')))
  copyFileSync(join(wasmDist, name), join(outDir, name));
console.log(`build:cli: wrote ${join('dist', 'cli', 'layerloom.mjs')}`);
