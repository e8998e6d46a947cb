import {
  TEST_EXPLANATION,
  bandName,
  curveArea,
  paretoFront,
  timeToTarget,
  type Spread,
} from '../stats/index';
import type { ComparisonTable, TableCell, TableColumn } from './compare';
import { tableToMarkdown, tableToText } from './tableFormats';
import { formatNumber } from './values';
import {
  COST_AXES,
  costValue,
  seedPoints,
  type SeedRun,
  type CostAxis,
  type VariantComparison,
  type VariantStats,
} from './variantStats';

/** The variants on the Pareto front of the metric's mean against a cost (lower cost, better mean). */
export function variantParetoFront(cmp: VariantComparison, axis: CostAxis): Set<string> {
  const pts = cmp.variants.flatMap((v) => {
    const cost = costValue(v, axis);
    return v.final && cost !== null ? [{ id: v.key, value: v.final.mean, cost }] : [];
  });
  return paretoFront(pts, cmp.better);
}

const num = (v: number, digits: number) =>
  Math.abs(v) >= 1000 ? formatNumber(Math.round(v)) : v.toFixed(digits);
const cell = (text: string, value: number | string | null): TableCell => ({ text, value, best: false });
const meanCell = (s: Spread | null | undefined, digits: number) =>
  s ? cell(num(s.mean, digits), s.mean) : cell('—', null);

/** `±0.0065 (95% interval)` or `0.9100–0.9300 (min–max)`: the band beside a mean. */
export function bandText(s: Spread | null, digits = 4): string {
  if (!s) return '—';
  if (s.band === 'none') return 'one run';
  if (s.band === 'ci95') return `±${(s.high - s.mean).toFixed(digits)} (${bandName(s.band)})`;
  return `${s.low.toFixed(digits)}–${s.high.toFixed(digits)} (${bandName(s.band)})`;
}

/**
 * One row per variant, best mean first: seeds, the mean and its band, epochs and seconds to the
 * target, area under the curve, cost, and whether the variant is on the Pareto front of the mean
 * against `paretoAxis`.
 */
export function variantTable(cmp: VariantComparison, paretoAxis: CostAxis = 'params'): ComparisonTable {
  const m = cmp.metric;
  const dir = cmp.better;
  const front = variantParetoFront(cmp, paretoAxis);
  const axisLabel = COST_AXES.find((a) => a.key === paretoAxis)?.label ?? paretoAxis;
  const columns: TableColumn[] = [
    { key: '#', label: '#', kind: 'rank' },
    { key: 'variant', label: 'Variant', kind: 'run' },
    { key: 'seeds', label: 'Seeds', kind: 'metric' },
    { key: `${m}_mean`, label: `${m} mean`, kind: 'metric', better: dir },
    { key: `${m}_band`, label: 'Band', kind: 'info' },
    { key: 'epochs_to_target', label: 'Epochs to target', kind: 'metric' },
    { key: 'seconds_to_target', label: 'Seconds to target', kind: 'metric' },
    { key: `${m}_auc`, label: `AUC ${m}`, kind: 'metric' },
    { key: 'params', label: 'Params', kind: 'metric' },
    { key: 'flops_per_sample', label: 'FLOPs / sample', kind: 'metric' },
    { key: 'train_seconds', label: 'Train s', kind: 'metric' },
    { key: 'inference_ms_per_sample', label: 'Inference ms / sample', kind: 'metric' },
    { key: 'pareto', label: `Pareto (${axisLabel})`, kind: 'info' },
  ];
  const reachedText = (v: VariantStats, s: Spread | null, digits: number) => {
    const t = v.target;
    if (!t || !s) return cell('—', null);
    // Seeds that diverged are not counted: none of their numbers is used.
    const n = v.runIds.length - v.diverged;
    return cell(`${num(s.mean, digits)}${t.reached < n ? ` (${t.reached}/${n} reached)` : ''}`, s.mean);
  };
  const rows = cmp.variants.map((v) => ({
    id: v.key,
    cells: [
      cell(v.rank === null ? '—' : String(v.rank), v.rank),
      cell(v.label, v.label),
      cell(String(v.runIds.length), v.runIds.length),
      v.final || v.diverged === 0 ? meanCell(v.final, 4) : cell('diverged', null),
      cell(
        v.final ? `${bandText(v.final)}${divergedText(v)}` : divergedText(v).trim().slice(1, -1) || '—',
        v.final ? `${v.final.band} ${v.final.low} ${v.final.high}` : null,
      ),
      reachedText(v, v.target?.epochs ?? null, 1),
      reachedText(v, v.target?.seconds ?? null, 2),
      meanCell(v.auc, 4),
      v.cost.params === null ? cell('—', null) : cell(formatNumber(v.cost.params), v.cost.params),
      v.cost.flops === null ? cell('—', null) : cell(formatNumber(v.cost.flops), v.cost.flops),
      meanCell(v.cost.trainSeconds, 2),
      meanCell(v.cost.latencyMs, 4),
      cell(front.has(v.key) ? 'yes' : '', front.has(v.key) ? 'yes' : ''),
    ],
  }));
  const top = rows.find((_, i) => cmp.variants[i]?.rank === 1 && cmp.variants.length > 1);
  if (top && top.cells[3]) top.cells[3].best = true;
  return { columns, rows };
}

/** ` (2 of 5 seeds diverged, left out)` beside a band; empty when none did. */
export function divergedText(v: Pick<VariantStats, 'diverged' | 'runIds'>): string {
  const n = v.runIds.length;
  if (v.diverged === 0) return '';
  if (v.diverged === n) return n === 1 ? ' (diverged)' : ` (all ${n} seeds diverged)`;
  return ` (${v.diverged} of ${n} seeds diverged, left out)`;
}

/** The line a variant with diverged seeds gets instead of a verdict (CLI, comparison files, app). */
export function divergedLine(v: Pick<VariantStats, 'label' | 'diverged' | 'runIds'>): string {
  return `${v.label}: ${divergedText(v).trim().slice(1, -1)}; ranked last and not tested`;
}

/** What the variant table's target and bands mean, and each pair's verdict, as plain lines. */
export function variantNotes(cmp: VariantComparison): string[] {
  const lines: string[] = [];
  if (cmp.target !== null)
    lines.push(
      `Target: ${cmp.metric} ${cmp.better === 'max' ? '≥' : '≤'} ${cmp.target.toFixed(4)} (epochs and training seconds to first reach it, mean over seeds).`,
    );
  lines.push(
    `Band: a t-based 95% interval for the mean from 5 seeds up, the min–max range below 5. AUC: area under the ${cmp.metric} curve per epoch.`,
  );
  const diverged = cmp.variants.filter((v) => v.diverged > 0);
  // One seed per variant (a sweep without repeats): one line says so rather than one per pair.
  const untestable = cmp.verdicts.length > 0 && cmp.verdicts.every((v) => v.kind === 'untestable');
  if (cmp.verdicts.length > 0 || diverged.length > 0) {
    lines.push('', 'Verdicts:');
    if (untestable)
      lines.push(
        `- none: with fewer than 2 seeds per variant no difference can be tested (${cmp.verdicts.length} pair${cmp.verdicts.length === 1 ? '' : 's'}); run at least 2 per variant`,
      );
    else for (const v of cmp.verdicts) lines.push(`- ${v.text}`);
    for (const v of diverged) lines.push(`- ${divergedLine(v)}`);
    lines.push('', TEST_EXPLANATION);
  }
  return lines;
}

/**
 * The per-run table with each run's variant statistics and cost appended (for CSV, where one table
 * must carry everything): its variant, the variant's rank, mean and band, and the run's own speed
 * to the target, area under the curve and cost.
 */
export function withVariantColumns(
  table: ComparisonTable,
  runs: readonly SeedRun[],
  cmp: VariantComparison,
): ComparisonTable {
  const m = cmp.metric;
  const byRun = new Map(runs.map((r) => [r.id, r]));
  const byKey = new Map(cmp.variants.map((v) => [v.key, v]));
  const extra: TableColumn[] = [
    'variant',
    'variant_rank',
    `variant_${m}_mean`,
    `variant_${m}_low`,
    `variant_${m}_high`,
    'variant_band',
    'epochs_to_target',
    'seconds_to_target',
    `${m}_auc`,
    'trainable_params',
    'non_trainable_params',
    'flops_per_sample',
    'inference_ms_per_sample',
    'verdict_vs_best',
    'verdict_p',
    'verdict_test',
  ].map((key) => ({ key, label: key, kind: 'info' as const }));
  const best = cmp.variants.find((v) => v.rank === 1);
  /** The verdict of a variant against the best one (empty for the best itself and for untested ones). */
  const vsBest = (v: VariantStats | undefined) =>
    v && best && v.key !== best.key
      ? cmp.verdicts.find(
          (x) => (x.a === v.label && x.b === best.label) || (x.a === best.label && x.b === v.label),
        )
      : undefined;
  const rows = table.rows.map((row) => {
    const r = byRun.get(row.id);
    const v = r ? byKey.get(r.variantKey) : undefined;
    const t = r && cmp.target !== null ? timeToTarget(seedPoints(r, m), cmp.target, cmp.better) : null;
    const n = (x: number | null | undefined) =>
      cell(x === null || x === undefined ? '' : String(x), x ?? null);
    const verdict = vsBest(v);
    const text = verdict?.text ?? (v && v.diverged > 0 ? divergedText(v).trim().slice(1, -1) : '');
    return {
      id: row.id,
      cells: [
        ...row.cells,
        cell(v?.label ?? '', v?.label ?? null),
        n(v?.rank),
        n(v?.final?.mean),
        n(v?.final?.low),
        n(v?.final?.high),
        cell(v?.final ? bandName(v.final.band) : '', v?.final ? bandName(v.final.band) : null),
        n(t?.epoch),
        n(t?.seconds),
        n(r ? curveArea(seedPoints(r, m)) : null),
        n(r?.cost?.trainableParams),
        n(r?.cost?.nonTrainableParams),
        n(r?.cost?.flopsPerSample),
        n(r?.cost?.inferenceMsPerSample),
        cell(text, text || null),
        n(verdict?.test?.p),
        cell(verdict?.method ?? '', verdict?.method ?? null),
      ],
    };
  });
  return { columns: [...table.columns, ...extra], rows };
}

/** The variants section of a comparison as text or Markdown: the table, what it measures, the verdicts. */
export function variantSection(cmp: VariantComparison, format: 'text' | 'md', axis: CostAxis): string {
  const seeds = cmp.variants.map((v) => v.runIds.length);
  const lo = Math.min(...seeds);
  const hi = Math.max(...seeds);
  const each = lo === hi ? `${lo} seed${lo === 1 ? '' : 's'} each` : `${lo}–${hi} seeds each`;
  const title = `Variants by mean ${cmp.metric}, best first (${each})`;
  const head = format === 'md' ? `## ${title}\n\n` : `${title}:\n\n`;
  const table = variantTable(cmp, axis);
  return `${head}${format === 'md' ? tableToMarkdown(table) : tableToText(table)}\n${variantNotes(cmp).join('\n')}\n`;
}
