import { useMemo, useState } from 'react';
import {
  COST_AXES,
  compareVariants,
  divergedLine,
  variantCurveBands,
  variantTable,
  type CostAxis,
  type SeedRun,
} from '../../../../graph-core/src/experiments';
import { TEST_EXPLANATION } from '../../../../graph-core/src/stats';
import { BandChart } from './BandChart';
import { ParetoChart } from './ParetoChart';
import { ResultsTable } from './ResultsTable';

interface Props {
  runs: readonly SeedRun[];
  metrics: readonly string[];
  /** Cost columns and the Pareto chart: when the runs' summaries recorded costs. */
  withCost: boolean;
  testId: string;
}

/**
 * Runs grouped into variants over their seeds: each variant's mean curve with its band, the table
 * ranked by the mean with its band, speed and cost, a verdict per pair with the test explained, and
 * (with costs) the mean against a chosen cost with the Pareto front.
 */
export function VariantStatsView({ runs, metrics, withCost, testId }: Props) {
  const [metric, setMetric] = useState(metrics.includes('val_acc') ? 'val_acc' : (metrics[0] ?? 'val_acc'));
  const [targetText, setTargetText] = useState('');
  const [axis, setAxis] = useState<CostAxis>('params');
  const target = targetText.trim() === '' ? undefined : Number(targetText);
  const cmp = useMemo(
    () =>
      compareVariants(runs, {
        metric,
        ...(target !== undefined && Number.isFinite(target) ? { target } : {}),
      }),
    [runs, metric, target],
  );
  const bands = useMemo(() => variantCurveBands(runs, metric), [runs, metric]);
  const table = useMemo(() => {
    const t = variantTable(cmp, axis);
    if (withCost) return t;
    // No costs recorded: keep mean, band, speed and AUC.
    const keep = t.columns
      .map((c, i) => (/params|flops|train_seconds|inference|pareto/.test(c.key) ? -1 : i))
      .filter((i) => i >= 0);
    return {
      columns: keep.map((i) => t.columns[i]!),
      rows: t.rows.map((r) => ({ id: r.id, cells: keep.map((i) => r.cells[i]!) })),
    };
  }, [cmp, axis, withCost]);
  const seeds = cmp.variants.map((v) => v.runIds.length);
  return (
    <section className="variant-stats" data-testid={testId}>
      <h4>
        Variants over seeds ({Math.min(...seeds)}
        {Math.max(...seeds) !== Math.min(...seeds) ? `–${Math.max(...seeds)}` : ''} each)
      </h4>
      <div className="compare-toolbar">
        <label>
          metric{' '}
          <select data-testid={`${testId}.metric`} value={metric} onChange={(e) => setMetric(e.target.value)}>
            {metrics.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label title="Epochs and seconds to first reach this value; empty: the worst variant's mean">
          target{' '}
          <input
            data-testid={`${testId}.target`}
            size={7}
            placeholder={cmp.target === null ? '' : cmp.target.toFixed(4)}
            value={targetText}
            onChange={(e) => setTargetText(e.target.value)}
          />
        </label>
        {withCost && (
          <label>
            cost{' '}
            <select
              data-testid={`${testId}.cost`}
              value={axis}
              onChange={(e) => setAxis(e.target.value as CostAxis)}
            >
              {COST_AXES.map((a) => (
                <option key={a.key} value={a.key}>
                  {a.label}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <div className="compare-charts">
        <BandChart
          title={`Mean ${metric} over seeds, with its band`}
          metric={metric}
          x={bands.x}
          variants={bands.variants}
        />
        {withCost && <ParetoChart cmp={cmp} axis={axis} />}
      </div>
      <ResultsTable table={table} testId={testId} />
      <p className="variant-notes">
        {cmp.target !== null &&
          `Target ${metric} ${cmp.better === 'max' ? '≥' : '≤'} ${cmp.target.toFixed(4)}. `}
        Band: 95% interval for the mean from 5 seeds up, min–max below 5.
      </p>
      <ul className="verdicts" data-testid={`${testId}.verdicts`}>
        {cmp.verdicts.map((v) => (
          <li key={`${v.a}|${v.b}`} data-kind={v.kind}>
            {v.text}
          </li>
        ))}
        {cmp.variants
          .filter((v) => v.diverged > 0)
          .map((v) => (
            <li key={`diverged|${v.key}`} data-kind="diverged">
              {divergedLine(v)}
            </li>
          ))}
      </ul>
      <p className="test-explained" data-testid={`${testId}.explained`}>
        {TEST_EXPLANATION}
      </p>
    </section>
  );
}
