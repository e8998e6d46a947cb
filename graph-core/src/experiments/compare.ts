import type { JsonValue } from '../document/types';
import type { HyperParamRow } from './diff';
import { formatNumber, formatValue } from './values';

/** What a comparison needs to know of one run (from its summary.json and graph). */
export interface RunResult {
  /** Stable id: the run folder name, or a sweep variant id. */
  id: string;
  label: string;
  /** completed | stopped | diverged | failed, or a sweep status (pending, running) before a run exists. */
  status?: string;
  durationMs?: number;
  backend?: string;
  /** Final metrics: loss, acc, val_loss, val_acc, …; null when the run never produced one. */
  final: Record<string, number | null | undefined>;
}

export type Better = 'min' | 'max';

/** Which way is better for a metric: losses and errors go down, accuracies go up. */
export function metricDirection(metric: string): Better | null {
  const m = metric.toLowerCase();
  if (/(loss|error|mse|mae|duration|time)/.test(m)) return 'min';
  if (/(acc|precision|recall|f1|auc|r2)/.test(m)) return 'max';
  return null;
}

const usable = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

export interface RankedRun {
  run: RunResult;
  /** 1 for the best; runs without the metric (failed, diverged) are unranked and last. */
  rank: number | null;
  value: number | null;
}

/**
 * Runs best first by `metric`; ties share a rank, and runs lacking the metric come last in input
 * order, as do runs that diverged (their final numbers are the last epoch before the loss blew up,
 * not a result).
 */
export function rankRuns(runs: readonly RunResult[], metric: string, better?: Better): RankedRun[] {
  const dir = better ?? metricDirection(metric) ?? 'max';
  const withValue = runs.map((run, i) => ({
    run,
    i,
    value: usable(run.final[metric]) && run.status !== 'diverged' ? (run.final[metric] as number) : null,
  }));
  const scored = withValue.filter((r) => r.value !== null) as { run: RunResult; i: number; value: number }[];
  scored.sort((a, b) => (dir === 'min' ? a.value - b.value : b.value - a.value) || a.i - b.i);
  const out: RankedRun[] = [];
  scored.forEach((r, k) => {
    const prev = out[k - 1];
    const rank = prev && prev.value === r.value ? (prev.rank as number) : k + 1;
    out.push({ run: r.run, rank, value: r.value });
  });
  for (const r of withValue) if (r.value === null) out.push({ run: r.run, rank: null, value: null });
  return out;
}

export interface TableColumn {
  key: string;
  label: string;
  kind: 'rank' | 'run' | 'param' | 'info' | 'metric';
  /** Set on columns where a best value is highlighted. */
  better?: Better;
}

export interface TableCell {
  text: string;
  /** The raw value, for sorting and CSV. */
  value: JsonValue | undefined;
  /** The best value of its column (ties all flagged); only when the runs' values differ. */
  best: boolean;
}

export interface ComparisonTable {
  columns: TableColumn[];
  rows: { id: string; cells: TableCell[] }[];
}

const METRIC_ORDER = ['loss', 'acc', 'val_loss', 'val_acc'];

/** Metric keys present in any run, the standard four first. */
export function metricKeys(runs: readonly RunResult[]): string[] {
  const all = new Set(runs.flatMap((r) => Object.keys(r.final)));
  const rest = [...all].filter((k) => !METRIC_ORDER.includes(k)).sort();
  return [...METRIC_ORDER.filter((k) => all.has(k)), ...rest];
}

export interface CompareOptions {
  /** Metric columns, in order; defaults to every metric present. */
  metrics?: string[];
  /** Params that differ between the runs (from `diffHyperParams`), values in `runs` order. */
  params?: readonly HyperParamRow[];
  /** Rank rows by this metric (best first) and add a `#` column. */
  rankBy?: string;
  /** Metrics measured on different scales across the runs (see `incomparableMetrics`): no best flag. */
  incomparable?: readonly string[];
}

/**
 * Losses of runs trained with different loss functions (MSE vs cross-entropy) are not on one scale,
 * so no loss value may be called the best: the metrics to leave unflagged, given the differing params.
 */
export function incomparableMetrics(
  params: readonly Pick<HyperParamRow, 'nodeId' | 'field'>[],
  nodeType: (nodeId: string) => string | undefined,
): string[] {
  return params.some((p) => nodeType(p.nodeId) === 'Loss') ? ['loss', 'val_loss'] : [];
}

const metricText = (v: number) => (Math.abs(v) < 1000 ? v.toFixed(4) : formatNumber(v));
const durationText = (ms: number) =>
  ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`;

/** The final-metrics table of a comparison, with the best value of each metric column flagged. */
export function compareTable(runs: readonly RunResult[], options: CompareOptions = {}): ComparisonTable {
  const metrics = options.metrics ?? metricKeys(runs);
  const params = options.params ?? [];
  const order = options.rankBy
    ? rankRuns(runs, options.rankBy)
    : runs.map((run) => ({ run, rank: null, value: null }) as RankedRun);
  const index = new Map(runs.map((r, i) => [r, i]));
  const columns: TableColumn[] = [
    ...(options.rankBy ? [{ key: '#', label: '#', kind: 'rank' as const }] : []),
    { key: 'run', label: 'Run', kind: 'run' },
    ...params.map((p) => ({ key: p.key, label: p.key, kind: 'param' as const })),
    { key: 'status', label: 'Status', kind: 'info' },
    ...metrics.map((m) => {
      const better = metricDirection(m);
      return { key: m, label: m, kind: 'metric' as const, ...(better ? { better } : {}) };
    }),
    { key: 'durationMs', label: 'Duration', kind: 'info', better: 'min' },
  ];
  const rows = order.map(({ run, rank }) => {
    const i = index.get(run) ?? 0;
    const cells: TableCell[] = columns.map((c) => {
      switch (c.kind) {
        case 'rank':
          return { text: rank === null ? '—' : String(rank), value: rank, best: false };
        case 'run':
          return { text: run.label, value: run.label, best: false };
        case 'param': {
          const v = params.find((p) => p.key === c.key)?.values[i];
          return { text: formatValue(v), value: v, best: false };
        }
        case 'metric': {
          const v = run.final[c.key];
          return usable(v)
            ? { text: metricText(v), value: v, best: false }
            : { text: '—', value: null, best: false };
        }
        case 'info':
          if (c.key === 'status') return { text: run.status ?? '—', value: run.status, best: false };
          return usable(run.durationMs)
            ? { text: durationText(run.durationMs), value: run.durationMs, best: false }
            : { text: '—', value: null, best: false };
      }
      return c.kind satisfies never;
    });
    return { id: run.id, cells };
  });
  const skip = new Set(options.incomparable ?? []);
  flagBest(
    columns.map((c) => (skip.has(c.key) ? { key: c.key, label: c.label, kind: c.kind } : c)),
    rows,
    order.map(({ run }) => run.status !== 'diverged'),
  );
  return { columns, rows };
}

/**
 * Flags each column's best value among the rows that may win: a diverged run is best in no column
 * (not even the shortest duration, which it has because it stopped early).
 */
function flagBest(
  columns: readonly TableColumn[],
  rows: ComparisonTable['rows'],
  mayWin: readonly boolean[],
): void {
  columns.forEach((c, col) => {
    if (!c.better) return;
    const may = (i: number) => mayWin[i] === true;
    const values = rows
      .filter((_, i) => may(i))
      .map((r) => r.cells[col]?.value)
      .filter((v): v is number => usable(v as number));
    // One value, or all equal: nothing stands out, so nothing is highlighted.
    if (values.length < 2 || values.every((v) => v === values[0])) return;
    const best = c.better === 'min' ? Math.min(...values) : Math.max(...values);
    rows.forEach((r, i) => {
      const cell = r.cells[col];
      if (cell && may(i) && cell.value === best) cell.best = true;
    });
  });
}

/** The hyper-parameter diff as a table: one row per differing param, one column per run. */
export function paramDiffTable(
  rows: readonly HyperParamRow[],
  runs: readonly Pick<RunResult, 'id' | 'label'>[],
): ComparisonTable {
  const columns: TableColumn[] = [
    { key: 'param', label: 'Param', kind: 'param' },
    ...runs.map((r) => ({ key: r.id, label: r.label, kind: 'run' as const })),
  ];
  return {
    columns,
    rows: rows.map((row) => ({
      id: row.key,
      cells: [
        { text: row.field === null ? `${row.nodeId} (kind)` : row.key, value: row.key, best: false },
        ...runs.map((_, i) => {
          const v = row.values[i];
          return {
            text: row.field === null && v === undefined ? '(absent)' : formatValue(v),
            value: v,
            best: false,
          };
        }),
      ],
    })),
  };
}
