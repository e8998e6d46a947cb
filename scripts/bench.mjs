#!/usr/bin/env node
// `npm run bench [-- --seconds 10 --models mlp,cnn --backends cpu,wasm --skip-torch --tsx]`
// Bundles bench/main.ts with esbuild from tfjs's ES2017 module builds (the package entry points
// Node picks are ES5 builds, measurably slower) and runs it; --tsx runs the sources unbundled for
// comparison. Optional sections run when their files exist: trainModel vs hand-written, graph
// validation, the editor's Chromium bench and the in-app (Chromium) training bench.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_BUNDLE_OPTIONS } from './node-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const useTsx = argv.includes('--tsx');
// --training-only: just the samples/s tables (e.g. to compare --tsx with the bundle quickly).
const trainingOnly = argv.includes('--training-only');
const passThrough = argv.filter((a) => a !== '--tsx' && a !== '--training-only');

if (!existsSync(join(root, 'assets/datasets/mnist.bin'))) {
  const built = spawnSync(process.execPath, [join(root, 'scripts/build-data.mjs')], {
    stdio: 'inherit',
    cwd: root,
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

/** Section file → the file whose presence means the section can run. */
const present = (list) =>
  trainingOnly ? [] : list.filter(([, needs]) => existsSync(join(root, needs))).map(([file]) => file);
const sections = present([
  ['bench/train-model.bench.ts', 'graph-core/src/train/loop.ts'],
  ['bench/validation.bench.ts', 'graph-core/src/analysis/generate.ts'],
  ['bench/sweep.bench.ts', 'bench/sweep.bench.ts'],
]);
// The sweep section times the real CLI bundle: build it from the current sources first.
if (sections.includes('bench/sweep.bench.ts')) {
  const built = spawnSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], {
    stdio: 'ignore',
    cwd: root,
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
// Chromium sections locate the app's files from their own path, so they run unbundled, after.
const chromiumSections = present([
  ['bench/editor.bench.ts', 'bench/editor.bench.ts'],
  ['bench/browser-train.bench.ts', 'bench/browser-train.bench.ts'],
]);
const tsx = join(root, 'node_modules/.bin/tsx');

let command;
let args;
if (useTsx) {
  command = tsx;
  const all = [...sections, ...chromiumSections];
  args = [
    join(root, 'bench/main.ts'),
    '--runner',
    'tsx (unbundled, ES5 entry points)',
    '--sections',
    all.map((s) => join(root, s)).join(','),
  ];
} else {
  const { build } = await import('esbuild');
  const outdir = join(root, 'node_modules/.cache/layerloom-bench/dist');
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: ['bench/main.ts', ...sections].map((s) => join(root, s)),
    outdir,
    entryNames: '[name]',
    ...NODE_BUNDLE_OPTIONS,
    splitting: true,
    external: ['@playwright/test', 'playwright', 'playwright-core', 'electron', 'fsevents'],
  });
  command = process.execPath;
  args = [
    join(outdir, 'main.js'),
    '--runner',
    'esbuild bundle (ES2017 builds)',
    '--sections',
    sections.map((s) => join(outdir, s.split('/').pop().replace(/\.ts$/, '.js'))).join(','),
  ];
}
const run = spawnSync(command, [...args, '--root', root, ...passThrough], { stdio: 'inherit', cwd: root });
if (run.status !== 0 || useTsx || chromiumSections.length === 0) process.exit(run.status ?? 1);
const chromium = spawnSync(
  tsx,
  [
    join(root, 'bench/main.ts'),
    '--sections-only',
    '--root',
    root,
    '--sections',
    chromiumSections.map((s) => join(root, s)).join(','),
    ...passThrough,
  ],
  { stdio: 'inherit', cwd: root },
);
process.exit(chromium.status ?? 1);
