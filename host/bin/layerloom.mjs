#!/usr/bin/env node
// `npx layerloom …`: runs the bundled CLI. Right after `npm install` nothing is built yet, so the
// first run builds the CLI bundle (and the MNIST asset) once, in a few seconds, then goes on.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bundle = new URL('../../dist/cli/layerloom.mjs', import.meta.url);
const mnist = new URL('../../assets/datasets/mnist.bin', import.meta.url);

function build(script) {
  process.stderr.write(`layerloom: first run, building (npm run ${script})…\n`);
  const res = spawnSync('npm', ['run', '-s', script], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (res.status !== 0) {
    process.stderr.write(`layerloom: \`npm run ${script}\` failed; run it yourself to see why.\n`);
    process.exit(2);
  }
}

if (!existsSync(fileURLToPath(mnist))) build('build:data');
if (!existsSync(fileURLToPath(bundle))) build('build:cli');
await import(bundle.href);
