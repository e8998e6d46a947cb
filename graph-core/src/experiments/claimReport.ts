import { spreadText, TEST_EXPLANATION, type Spread } from '../stats/index';
import type { Claim } from './claims';
import { amount, type ClaimJudgement, type PairOutcome, type VariantStatuses } from './claimVerdict';
import type { VariantComparison } from './variantStats';

/** One claim as measured, ready to write up. */
export interface ClaimResult {
  claim: Claim;
  /** The sweep file's name and description. */
  title: string;
  description: string;
  /** Repository paths of the sweep file and its project, for the how-to-run lines. */
  sweepFile: string;
  projectFile: string;
  comparison: VariantComparison;
  statuses: VariantStatuses;
  judgement: ClaimJudgement;
  /** Per variant label: training and validation digits and epochs, as the runs recorded them. */
  setup: ReadonlyMap<string, { train: number; validation: number; epochs: number }>;
  /** The chart's path relative to the report. */
  chart: string;
  seconds: number;
}

export interface ReportInput {
  /** What ran: `full` (the sweep files' seeds and data) or `tiny` (the pipeline check). */
  mode: 'full' | 'tiny';
  command: string;
  /** The commit the report was generated from (`git rev-parse --short HEAD`), when known. */
  commit?: string;
  generatedAt: string;
  machine: string;
  totalSeconds: number;
  /** The machine's 1-minute load average when the run started and ended (os.loadavg), when measured. */
  loadAverage?: { start: number; end: number };
  results: ClaimResult[];
  /** Claims that did not run to the end, and why. */
  notRun: { claim: Claim; title: string; reason: string }[];
}

const isAccuracy = (metric: string) => metric.includes('acc');
const METRIC_NAMES: Readonly<Record<string, string>> = {
  val_acc: 'validation accuracy (%)',
  acc: 'training accuracy (%)',
  loss: 'training loss',
  val_loss: 'validation loss',
};
const metricName = (m: string) => METRIC_NAMES[m] ?? m;

/** Accuracies as percentages with one decimal, losses with four. */
function spread(s: Spread | null, metric: string): string {
  if (!s) return '—';
  return isAccuracy(metric) ? spreadText(s, 1, 100) : spreadText(s, 4);
}

const minutes = (s: number) => (s < 90 ? `${Math.round(s)} s` : `${(s / 60).toFixed(1)} min`);

function statusText(s: Readonly<Record<string, number>> | undefined): string {
  const parts = Object.entries(s ?? {}).map(([k, n]) => `${n} ${k}`);
  return parts.length > 0 ? parts.join(', ') : '—';
}

function setupText(r: ClaimResult, label: string): string {
  const s = r.setup.get(label);
  return s ? `${s.train.toLocaleString('en')} / ${s.validation.toLocaleString('en')}, ${s.epochs}` : '—';
}

function variantRows(r: ClaimResult): string[] {
  const cmp = r.comparison;
  const target =
    cmp.target === null
      ? 'epochs to target'
      : `epochs to ${isAccuracy(cmp.metric) ? `${(cmp.target * 100).toFixed(1)}%` : cmp.target.toFixed(4)}`;
  const rows = [
    `| Variant | final ${metricName(cmp.metric)} | area under the curve | ${target} | train / validation digits, epochs | runs |`,
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const v of cmp.variants) {
    const used = v.runIds.length - v.diverged;
    const reach = v.target?.epochs
      ? `${spreadText(v.target.epochs, 1)} (${v.target.reached} of ${used} reached)`
      : '—';
    // A diverged seed's numbers are left out of every column, and the row says so.
    const final =
      v.diverged === 0
        ? spread(v.final, cmp.metric)
        : v.final
          ? `${spread(v.final, cmp.metric)}; **${v.diverged} of ${v.runIds.length} diverged**, left out`
          : `**diverged** (${v.runIds.length === 1 ? 'its one run' : `all ${v.runIds.length} runs`})`;
    rows.push(
      `| ${v.label} | ${final} | ${spread(v.auc, cmp.metric)} | ${reach} | ${setupText(r, v.label)} | ${statusText(r.statuses.get(v.label))} |`,
    );
  }
  // Variants with no final value at all (every seed diverged) still get their row.
  for (const [label, s] of r.statuses) {
    if (!cmp.variants.some((v) => v.label === label))
      rows.push(`| ${label} | — | — | — | ${setupText(r, label)} | ${statusText(s)} |`);
  }
  return rows;
}

/** What the table measures, over how many seeds, and that its order alone is no finding. */
function measuredText(r: ClaimResult): string {
  const cmp = r.comparison;
  const seeds = [...new Set(cmp.variants.map((v) => v.runIds.length))];
  const epochs = [...new Set([...r.setup.values()].map((s) => s.epochs))];
  const after =
    epochs.length === 1
      ? ` after ${epochs[0]} epoch${epochs[0] === 1 ? '' : 's'}`
      : ' after the epochs the table lists for each variant';
  return (
    `Final ${metricName(cmp.metric)}${after}, the mean over ${seeds.join(' or ')} seeds per variant, ` +
    `best mean first. The order of the rows is not itself a finding: the tests below say which gaps ` +
    'are larger than seed-to-seed noise.'
  );
}

/** `2 supported, 1 not separable (of 3)` for the summary table. */
function pairCounts(r: ClaimResult): string {
  const n = (k: string) => r.judgement.pairs.filter((p) => p.result === k).length;
  const parts = [
    [n('supports'), 'supported'],
    [n('not separable'), 'not separable'],
    [n('contradicts'), 'reversed'],
  ].filter(([c]) => (c as number) > 0);
  return `${parts.map(([c, w]) => `${c} ${w}`).join(', ')} (of ${r.judgement.pairs.length})`;
}

/** `a above b`, or `a at least as good as b (within 1.0 points)` for a no-worse pair. */
function pairClaim(p: PairOutcome, metric: string): string {
  return p.relation === 'noWorse'
    ? `${p.better} at least as good as ${p.worse} (within ${amount(p.margin ?? 0, metric)})`
    : `${p.better} above ${p.worse}`;
}

function claimSection(r: ClaimResult, n: number): string {
  const pairLines = r.judgement.pairs.map(
    (p) => `- ${pairClaim(p, r.comparison.metric)}: **${p.result}** — ${p.text}`,
  );
  return [
    `## ${n}. ${r.title}`,
    '',
    `**Published.** ${r.claim.statement} — *${r.claim.source}*`,
    '',
    `**Setup.** ${r.description} Sweep: [\`${r.sweepFile}\`](../${r.sweepFile}) (project [\`${r.projectFile}\`](../${r.projectFile}); open it in the app and press Run sweep, or \`layerloom sweep ${r.sweepFile}\`). Ran in ${minutes(r.seconds)}.`,
    '',
    `![${r.title}: mean curve of each variant over its seeds, band shaded](${r.chart})`,
    '',
    `**Measured.** ${measuredText(r)}`,
    '',
    ...variantRows(r),
    '',
    '**Predicted orderings, tested on the final value:**',
    '',
    ...pairLines,
    '',
    `**Verdict: ${r.judgement.verdict}.**`,
    '',
  ].join('\n');
}

/** docs/EXPERIMENTS.md: every claim's statement, source, measurements, chart and verdict. */
export function renderExperimentsReport(input: ReportInput): string {
  const { results } = input;
  const summary = [
    '| # | Claim | Verdict | Predicted orderings |',
    '| ---: | --- | --- | --- |',
    ...results.map(
      (r, i) =>
        `| ${i + 1} | [${r.title}](#${anchor(i + 1, r.title)}) | ${r.judgement.verdict} | ${pairCounts(r)} |`,
    ),
    ...input.notRun.map((c) => `| — | ${c.title} | not run: ${c.reason} | — |`),
  ];
  const tiny =
    input.mode === 'tiny'
      ? [
          '> **Tiny budget.** This file comes from `--tiny` (2 seeds, a few hundred digits, 1 epoch): it proves',
          '> the pipeline runs, and its verdicts say nothing about the claims.',
          '',
        ]
      : [];
  return [
    '# Reproducing classic results',
    '',
    ...tiny,
    `Eleven published claims about training choices, each tested by a sweep in \`assets/experiments/\`` +
      ` with ${seedsText(results)} per variant on MNIST subsets. Generated by \`${input.command}\`${input.commit ? ` at commit ${input.commit}` : ''} on` +
      ` ${input.generatedAt.slice(0, 10)}, on ${input.machine}; total run time **${minutes(input.totalSeconds)}**` +
      ` (every claim's sweep from its first run's start to its last run's end, added up)${loadText(input)}.` +
      ' The runs are seeded, so the same commit gives the same numbers on another machine; only the times change' +
      ' (a change to the kernels can move them slightly, by the order in which floats are added).',
    '',
    'How to read it: each variant is the mean over its seeds, with a 95% interval (t-based) from five',
    'seeds up and the min–max range below that (the tables say which). Charts draw the mean curve with',
    `the band shaded. ${TEST_EXPLANATION} A claim is **reproduced** when every ordering it predicts is`,
    'significant in its direction, **contradicted** when one is significant the other way, and **not',
    'separable at this budget** otherwise (with the seeds that would likely settle it). Each ordering is',
    'tested on its own at 0.05, without a correction for the two or three a claim may have: "reproduced"',
    'needs every one of them, which that does not make easier, but one "contradicted" ordering among three',
    'is a finding to check again. A claim that one choice does *at least as well as* another is tested',
    'for non-inferiority within a margin the claim states beforehand: supported when, with 95%',
    'confidence, the first trails the second by less than the margin (Welch, one-sided), since failing',
    'to find a difference never shows there is none. Tables list variants by mean, best first; an order the verdict lines do',
    'not call significant is not a result. A run whose loss turns NaN or infinite, or whose mean training',
    "loss over an epoch ends above twice its first batch's, ends **diverged**: such runs are left out of",
    'every number, and a variant with any is ranked last, untested by Welch, and loses to a variant none',
    'of whose runs diverged. "Area under the',
    'curve" is the mean height of the validation curve over the epochs, so a variant that gets there',
    'sooner scores higher; the target for "epochs to" is the worst variant\'s mean final value.',
    '',
    ...summary,
    '',
    ...results.map((r, i) => claimSection(r, i + 1)),
  ].join('\n');
}

/** `5 seeds`, or `2–5 seeds` where claims differ. */
function seedsText(results: readonly ClaimResult[]): string {
  const n = results.flatMap((r) => r.comparison.variants.map((v) => v.runIds.length));
  if (n.length === 0) return 'several seeds';
  const lo = Math.min(...n);
  const hi = Math.max(...n);
  return lo === hi ? `${lo} seed${lo === 1 ? '' : 's'}` : `${lo}–${hi} seeds`;
}

/** `, with the machine's load average at 6.7 when it started and 6.1 when it ended`, when known. */
function loadText(input: ReportInput): string {
  const l = input.loadAverage;
  if (!l) return '';
  return (
    `, with the machine's 1-minute load average at ${l.start.toFixed(1)} when it started and ` +
    `${l.end.toFixed(1)} when it ended (other work shared the cores)`
  );
}

/** GitHub's heading anchor for `## n. title`. */
function anchor(n: number, title: string): string {
  return `${n}. ${title}`
    .toLowerCase()
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');
}
