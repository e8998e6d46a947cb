#!/usr/bin/env node
// `npm run bench:gpu [-- --seconds 5 --models mlp,cnn --batches 64,512 --skip-torch]`: bundles
// bench/gpu.ts like `npm run bench` does (tfjs's ES2017 builds) and runs it. Dawn's native module
// (the `webgpu` package) stays outside the bundle.
// `--portable DIR` instead writes a folder that runs on another machine with only Node (and
// python3 with torch for the PyTorch columns): `node DIR/gpu.js --root DIR`.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { NODE_BUNDLE_OPTIONS } from './node-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const portableAt = argv.indexOf('--portable');
const portable = portableAt >= 0 ? resolve(argv[portableAt + 1]) : undefined;
const passThrough = portableAt >= 0 ? argv.filter((_, i) => i !== portableAt && i !== portableAt + 1) : argv;

if (!existsSync(join(root, 'assets/datasets/mnist.bin'))) {
  const built = spawnSync(process.execPath, [join(root, 'scripts/build-data.mjs')], {
    stdio: 'inherit',
    cwd: root,
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const outdir = portable ?? join(root, 'node_modules/.cache/layerloom-bench/gpu');
mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: [join(root, 'bench/gpu.ts')],
  outfile: join(outdir, 'gpu.js'),
  ...NODE_BUNDLE_OPTIONS,
  external: ['webgpu'],
});

if (portable !== undefined) {
  const copy = (path) => cpSync(join(root, path), join(portable, path), { recursive: true });
  for (const path of [
    'assets/datasets/mnist.bin',
    'bench/torch_bench.py',
    'node_modules/webgpu/index.js',
    'node_modules/webgpu/package.json',
    'node_modules/webgpu/dist/linux-x64',
  ])
    copy(path);
  const wasmDir = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
  for (const file of [
    'tfjs-backend-wasm.wasm',
    'tfjs-backend-wasm-simd.wasm',
    'tfjs-backend-wasm-threaded-simd.wasm',
  ])
    copy(`${wasmDir}/${file}`);
  mkdirSync(join(portable, 'node_modules/.cache'), { recursive: true });
  process.stdout.write(
    `portable GPU bench in ${portable}: node ${join(portable, 'gpu.js')} --root ${portable}\n`,
  );
  process.exit(0);
}
const run = spawnSync(process.execPath, [join(outdir, 'gpu.js'), '--root', root, ...passThrough], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(run.status ?? 1);
