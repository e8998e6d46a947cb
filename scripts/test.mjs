#!/usr/bin/env node
// `npm test`: every check in sequence. A failing stage does not hide the others; the run ends with one
// plain `N passed, N failed` line (checks + unit tests + e2e tests) and a non-zero exit when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const REPORTS = 'reports';
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

const only = process.argv.slice(2);
const stages = [
  { name: 'typecheck', cmd: 'npm run -s typecheck' },
  { name: 'lint', cmd: 'npm run -s lint' },
  { name: 'format', cmd: 'npm run -s format:check' },
  { name: 'build', cmd: 'npm run -s build' },
  {
    name: 'unit',
    cmd: `npx vitest run --reporter=default --reporter=json --outputFile.json=${REPORTS}/unit.json`,
    report: `${REPORTS}/unit.json`,
  },
  { name: 'e2e', cmd: 'npx playwright test', report: `${REPORTS}/e2e.json`, needs: 'build' },
].filter((s) => only.length === 0 || only.includes(s.name));

/** Counts from a vitest/jest-style JSON report or a Playwright JSON report. */
function countReport(file, stage) {
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  if (stage === 'unit') {
    return {
      passed: r.numPassedTests ?? 0,
      failed: (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0),
      skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
    };
  }
  const s = r.stats ?? {};
  return {
    passed: (s.expected ?? 0) + (s.flaky ?? 0),
    failed: (s.unexpected ?? 0) + (r.errors?.length ?? 0),
    skipped: s.skipped ?? 0,
  };
}

let passed = 0;
let failed = 0;
let skipped = 0;
const failedStages = new Set();
const t0 = Date.now();
for (const stage of stages) {
  if (stage.needs && failedStages.has(stage.needs)) {
    console.log(`\n=== ${stage.name}: not run, ${stage.needs} failed`);
    failed += 1;
    failedStages.add(stage.name);
    continue;
  }
  console.log(`\n=== ${stage.name}: ${stage.cmd}`);
  const started = Date.now();
  const res = spawnSync(stage.cmd, {
    shell: true,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  const ok = res.status === 0;
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (stage.report) {
    const c = countReport(stage.report, stage.name);
    if (c) {
      passed += c.passed;
      failed += c.failed;
      skipped += c.skipped;
      if (!ok && c.failed === 0) failed += 1; // the runner failed outside any test (e.g. config error)
    } else {
      failed += 1;
    }
  } else if (ok) passed += 1;
  else failed += 1;
  if (!ok) failedStages.add(stage.name);
  console.log(`=== ${stage.name}: ${ok ? 'ok' : 'FAILED'} in ${secs}s`);
}
const mins = ((Date.now() - t0) / 60000).toFixed(1);
console.log(
  `\nnpm test finished in ${mins} min${failedStages.size ? `; failed stages: ${[...failedStages].join(', ')}` : ''}; ${skipped} skipped`,
);
// The last line is exactly `N passed, N failed`: CI and scripts read it.
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedStages.size ? 1 : 0);
