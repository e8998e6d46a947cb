#!/usr/bin/env node
// `node bench/profile-step.mjs [cnn|mlp] [steps]`: bundles and runs bench/profile-step.ts the way scripts/bench.mjs runs the bench (ES2017 tfjs).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { NODE_BUNDLE_OPTIONS } from '../scripts/node-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'node_modules/.cache/layerloom-bench/profile');
mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: [join(root, 'bench/profile-step.ts')],
  outfile: join(outdir, 'profile-step.mjs'),
  ...NODE_BUNDLE_OPTIONS,
});
const run = spawnSync(process.execPath, [join(outdir, 'profile-step.mjs'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(run.status ?? 1);
