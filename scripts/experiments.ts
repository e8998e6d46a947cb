// `npm run experiments [-- --tiny] [-- --only 01-activation-deep,03-loss] [-- --work DIR]`:
// runs every claim in assets/experiments (sweeps through the CLI, variants in parallel child
// processes) and writes docs/EXPERIMENTS.md with its charts in docs/images/experiments/.
// A claim whose sweep folder already exists in --work is resumed, so an interrupted report
// continues where it stopped. --tiny (2 seeds, 300 digits, 1 epoch) proves the pipeline only.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runClaims } from '../host/src/experiments/runClaims';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    tiny: { type: 'boolean', default: false },
    only: { type: 'string' },
    work: { type: 'string' },
    report: { type: 'string' },
  },
});

for (const step of ['build-data.mjs', 'build-cli.mjs']) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', step)], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}

const cpus = os.cpus();
// The commit the numbers come from, with `+changes` when the working tree differs from it.
const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
const head = git('rev-parse', '--short', 'HEAD');
const dirty = git('status', '--porcelain', '--untracked-files=no').stdout.trim() !== '';
const commit = head.status === 0 ? `${head.stdout.trim()}${dirty ? '+changes' : ''}` : null;
const tiny = opts.tiny === true;
const workDir = path.resolve(
  opts.work ?? path.join(os.tmpdir(), `layerloom-experiments${tiny ? '-tiny' : ''}`),
);
// A tiny run proves the pipeline: its report stays in the work folder, never over docs/.
const reportFile = path.resolve(
  opts.report ?? (tiny ? path.join(workDir, 'EXPERIMENTS.md') : path.join(root, 'docs', 'EXPERIMENTS.md')),
);
const report = await runClaims({
  claimsFile: path.join(root, 'assets', 'experiments', 'claims.json'),
  root,
  reportFile,
  workDir,
  tiny,
  ...(opts.only ? { only: opts.only.split(',') } : {}),
  childCommand: [process.execPath, path.join(root, 'host', 'bin', 'layerloom.mjs')],
  command: `npm run experiments${tiny ? ' -- --tiny' : ''}`,
  ...(commit ? { commit } : {}),
  machine: `a ${cpus.length}-core ${cpus[0]?.model.trim() ?? 'unknown CPU'} (wasm backend)`,
  io: { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) },
});
console.log(
  `Wrote ${path.relative(process.cwd(), reportFile)}: ${report.results.length} claims (${report.notRun.length} not finished) in ${Math.round(report.totalSeconds)} s.`,
);
