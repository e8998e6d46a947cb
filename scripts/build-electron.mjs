// Bundles the Electron main process and preload (and the browser-mode server) with esbuild.
// main.cjs is package.json "main"; the preload must be one CommonJS file because it runs sandboxed.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_BUNDLE_OPTIONS } from './node-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildElectron() {
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
    sourcemap: 'linked',
    logLevel: 'warning',
  };
  await build({
    ...common,
    entryPoints: [join(root, 'electron/src/main.ts')],
    outfile: join(root, 'dist/electron/main.cjs'),
    target: 'node22',
    // Host code finds the app's assets from its own file (import.meta.url), which CommonJS lacks.
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl' },
  });
  await build({
    ...common,
    entryPoints: [join(root, 'electron/src/preload.ts')],
    outfile: join(root, 'dist/electron/preload.cjs'),
    target: 'chrome140',
  });
}

/** The local server for browser mode, one ESM file so `node dist/server/main.mjs` starts it. */
export async function buildServer() {
  await build({
    entryPoints: [join(root, 'host/src/server/main.ts')],
    outfile: join(root, 'dist/server/main.mjs'),
    // The export service compiles graphs with tfjs, whose bundled CommonJS needs require().
    ...NODE_BUNDLE_OPTIONS,
    sourcemap: 'linked',
    packages: 'bundle',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  await buildElectron();
  await buildServer();
  console.log(
    `build:electron: dist/electron/{main,preload}.cjs and dist/server/main.mjs in ${Date.now() - started} ms`,
  );
}
