import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
// tfjs ships the pthread helper's script only as this CommonJS module's string export.
import pthreadWorker from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js';

// This file runs in Node (Vite's config loader) but sits under renderer/, whose lint rules forbid
// node:* imports: import.meta.dirname gives the paths, Vite's own ?url handling the files.
const here = import.meta.dirname;

/** Imported by the training worker: the two scripts tfjs-wasm's pthread helpers load, as same-origin URLs. */
const PTHREAD_MODULE = 'virtual:tfjs-pthread-scripts';
const WORKER_NAME = 'tfjs-pthread-worker.js';
const DEV_WORKER_PATH = `/@layerloom/${WORKER_NAME}`;

/**
 * Serves the scripts of tfjs-wasm's threaded build as files of the app: the helpers are classic
 * workers that `importScripts()` them, and the CSP (`script-src 'self'`) refuses the `blob:` URLs
 * tfjs would make. tfjs ships the helper's script only as a string inside a CommonJS module (emitted
 * here as a file in builds, served in dev); the glue must stay unbundled (each helper evaluates it
 * whole), which `?url` gives.
 */
function tfjsPthreadScripts(): Plugin {
  // One minified line whose only newlines sit inside string literals, where they must stay escaped.
  const workerSource = (pthreadWorker as { wasmWorkerContents: string }).wasmWorkerContents.replace(
    /\n/g,
    '\\n',
  );
  let serving = false;
  return {
    name: 'layerloom:tfjs-pthread-scripts',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    resolveId: (id) => (id === PTHREAD_MODULE ? `\0${PTHREAD_MODULE}` : null),
    load(id) {
      if (id !== `\0${PTHREAD_MODULE}`) return null;
      const workerUrl = serving
        ? JSON.stringify(DEV_WORKER_PATH)
        : `import.meta.ROLLUP_FILE_URL_${this.emitFile({ type: 'asset', name: WORKER_NAME, source: workerSource })}`;
      return [
        `export const workerUrl = ${workerUrl};`,
        "export { default as glueUrl } from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url';",
      ].join('\n');
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url !== DEV_WORKER_PATH) return next();
        res.setHeader('content-type', 'text/javascript; charset=utf-8');
        res.end(workerSource);
      });
    },
  };
}

// `base: './'` keeps asset URLs relative so the same build loads from the local server and from Electron's file:// page.
export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), tfjsPthreadScripts()],
  // Worker bundles get their own plugin list.
  worker: { format: 'es', plugins: () => [tfjsPthreadScripts()] },
  build: {
    outDir: `${here}/../dist/renderer`,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
  },
  // Cross-origin isolated like the local server, so dev also gets SharedArrayBuffer (wasm threads).
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: false,
    headers: { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' },
  },
});
