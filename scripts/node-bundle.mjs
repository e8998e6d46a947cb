// esbuild options for running tfjs code as one ES module bundle in Node (the CLI, the bench).
// tfjs packages list ES5 CommonJS builds as `main`; their `module` entries are ES2017 modules,
// measured 1.3–3.4× faster on the cpu backend (2–2.7× on wasm), so `module` is preferred.
// Bundled CommonJS (the wasm runtime's Emscripten glue, seedrandom, long) still calls require()
// and reads __dirname: the banner gives the ES module bundle both.
export const NODE_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  mainFields: ['module', 'main'],
  logLevel: 'warning',
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
};
