#!/usr/bin/env node
// `node bench/profile-step.mjs [cnn|mlp] [steps]`: bundles and runs bench/profile-step.ts the way scripts/bench.mjs runs the bench (ES2017 tfjs).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'node_modules/.cache/layerloom-bench/profile');
mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: [join(root, 'bench/profile-step.ts')],
  outfile: join(outdir, 'profile-step.mjs'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  banner: {
    js: [
      "import { createRequire as __bench_cr } from 'node:module';",
      "import { fileURLToPath as __bench_fu } from 'node:url';",
      'const require = __bench_cr(import.meta.url);',
      'const __filename = __bench_fu(import.meta.url);',
      "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
    ].join(' '),
  },
});
const run = spawnSync(process.execPath, [join(outdir, 'profile-step.mjs'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(run.status ?? 1);
