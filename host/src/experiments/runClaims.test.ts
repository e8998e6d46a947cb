import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../fs/test-dir';
import { runClaims } from './runClaims';

// The report's pipeline on a tiny budget (2 seeds, 300 digits, 1 epoch), every claim, in this
// process: it proves the sweeps run and the report, tables and charts are written. It never
// judges a verdict: at this size they mean nothing. About 2 minutes on two idle cores.
const temps: (() => void)[] = [];
afterEach(() => temps.splice(0).forEach((c) => c()));

describe('npm run experiments -- --tiny', () => {
  it('runs every claim and writes a report with a chart, a table and a verdict for each', async () => {
    const t = makeTempDir('layerloom-experiments-');
    temps.push(t.cleanup);
    const reportFile = path.join(t.dir, 'EXPERIMENTS.md');
    let log = '';
    const report = await runClaims({
      claimsFile: path.resolve('assets/experiments/claims.json'),
      root: path.resolve('.'),
      reportFile,
      workDir: path.join(t.dir, 'work'),
      tiny: true,
      childCommand: null,
      command: 'npm run experiments -- --tiny',
      machine: 'the test machine',
      io: { out: (s) => (log += s), err: (s) => (log += s) },
    });
    expect(report.notRun, log).toEqual([]);
    expect(report.results).toHaveLength(11);
    const md = readFileSync(reportFile, 'utf8');
    expect(md).toContain('> **Tiny budget.**');
    expect(md).toMatch(/total run time \*\*\d/);
    for (const [i, r] of report.results.entries()) {
      expect(md).toContain(`## ${i + 1}. ${r.title}`);
      expect(md).toContain(`*${r.claim.source}*`);
      // Two seeds per variant: the band is min–max, and the table says so.
      for (const v of r.comparison.variants) expect(v.runIds).toHaveLength(2);
      const chart = path.join(t.dir, r.chart);
      expect(existsSync(chart), r.chart).toBe(true);
      const svg = readFileSync(chart, 'utf8');
      expect(svg).toMatch(/^<svg /);
      expect(svg).toContain('(n=2, min–max)');
      expect(['reproduced', 'not separable at this budget', 'contradicted']).toContain(r.judgement.verdict);
      expect(r.judgement.pairs).toHaveLength(r.claim.expect.length);
    }
    expect(md.match(/^\*\*Verdict: /gm)).toHaveLength(11);
    expect(md).toContain('(min–max, n=2)');
  }, 900_000);

  it('labels the too-large learning rate diverged, ranks it last and computes nothing over it', async () => {
    const t = makeTempDir('layerloom-experiments-lr-');
    temps.push(t.cleanup);
    const reportFile = path.join(t.dir, 'EXPERIMENTS.md');
    let log = '';
    const report = await runClaims({
      claimsFile: path.resolve('assets/experiments/claims.json'),
      root: path.resolve('.'),
      reportFile,
      workDir: path.join(t.dir, 'work'),
      tiny: true,
      only: ['05-learning-rate'],
      childCommand: null,
      command: 'npm run experiments -- --tiny',
      machine: 'the test machine',
      io: { out: (s) => (log += s), err: (s) => (log += s) },
    });
    expect(report.results, log).toHaveLength(1);
    const r = report.results[0]!;
    // SGD at 5 saturates the softmax in the first batches: cross-entropy clips its logs, so the loss
    // plateaus near 14 instead of turning NaN, and the trainer ends the run as diverged for it.
    expect(r.statuses.get('too large (5)')).toEqual({ diverged: 2 });
    const last = r.comparison.variants.at(-1)!;
    expect([last.label, last.rank, last.diverged, last.final, last.auc]).toEqual([
      'too large (5)',
      null,
      2,
      null,
      null,
    ]);
    expect(r.comparison.verdicts.some((v) => v.a === 'too large (5)' || v.b === 'too large (5)')).toBe(false);
    expect(r.judgement.pairs[1]).toMatchObject({
      result: 'supports',
      text: 'every run of too large (5) diverged; every run of good (0.1) trained',
    });
    const md = readFileSync(reportFile, 'utf8');
    expect(md).toMatch(
      /^\| too large \(5\) \| \*\*diverged\*\* \(all 2 runs\) \| — \| — \| .* \| 2 diverged \|$/m,
    );
    expect(md.split('\n').filter((l) => l.startsWith('|') && /NaN|Infinity/.test(l))).toEqual([]);
    expect(md).toContain('with 2 seeds per variant on MNIST subsets');
    expect(md).toMatch(/1-minute load average at \d+\.\d when it started and \d+\.\d when it ended/);
    expect(md).toMatch(
      /\| (reproduced|not separable at this budget) \| \d supported(, \d not separable)? \(of 2\) \|/,
    );
    expect(md).toContain('**Measured.** Final validation accuracy (%) after 1 epoch, the mean over 2 seeds');
    const svg = readFileSync(path.join(t.dir, r.chart), 'utf8');
    expect(svg).toContain('too large (5) (all 2 diverged)');
  }, 300_000);
});
