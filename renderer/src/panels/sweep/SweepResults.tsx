import { useMemo, useState } from 'react';
import {
  COST_AXES,
  compareVariants,
  formatNumber,
  formatValue,
  stoppedStatus,
  sweepVariantKey,
  type CostAxis,
  type SeedRun,
  type VariantRecord,
} from '../../../../graph-core/src/experiments';
import { useServices } from '../../shell/context';
import { useEditor, useEditorStore } from '../../store/useEditor';
import { toRunCurves } from '../../sweep/curves';
import { applyBestEdits, bestVariant, rankableMetrics, rankVariants } from '../../sweep/results';
import type { SweepView } from '../../sweep/runner';
import { overlay, runColour } from '../compare/curves';
import { OverlayChart } from '../compare/OverlayChart';
import { ParetoChart } from '../compare/ParetoChart';
import { VariantStatsView } from '../compare/VariantStatsView';
import { ParallelCoordinates } from './ParallelCoordinates';
import { useRunCosts } from './useRunCosts';

const CHARTS = [
  ['loss', 'Training loss (per batch)'],
  ['val_acc', 'Validation accuracy'],
  ['val_loss', 'Validation loss'],
] as const;

/** Overlaid curves, the ranking by a chosen metric, parallel coordinates and Apply best. */
export function SweepResults({ view }: { view: SweepView }) {
  const state = view.state!;
  const store = useEditorStore();
  const { actions, host } = useServices();
  const doc = useEditor((s) => s.doc);
  const [metric, setMetric] = useState(state.spec.metric ?? 'val_acc');
  const colourOf = new Map(state.variants.map((v, i) => [v.id, runColour(i)]));
  const runs = useMemo(
    // Every variant, with or without curves yet, so series colours match the table and the chart below.
    () => state.variants.map((v) => toRunCurves(v.id, `${v.id} ${v.label}`, view.curves[v.id])),
    [state, view.curves],
  );
  // With repeats, seeds of one combination are one variant: mean curves with bands, ranked by the mean.
  const repeated = (state.spec.repeats ?? 1) > 1;
  const finished = state.variants.flatMap((v) =>
    v.status === 'done' && v.runDir !== undefined ? [v.runDir] : [],
  );
  const costs = useRunCosts(host, finished);
  const seedRuns = useMemo(
    (): SeedRun[] =>
      state.variants
        .filter((v) => v.status === 'done' || v.status === 'failed')
        .map((v) => {
          const key = sweepVariantKey(v.assignments);
          return {
            id: v.id,
            label: v.label,
            variantKey: key.key,
            variantLabel: key.label,
            final: v.final ?? {},
            curve: view.curves[v.id]?.epochs ?? [],
            cost: (v.runDir !== undefined ? costs.get(v.runDir) : null) ?? null,
            ...(v.durationMs !== undefined ? { durationMs: v.durationMs } : {}),
            ...(v.runStatus !== undefined ? { status: v.runStatus } : {}),
          };
        }),
    [state, view.curves, costs],
  );
  const withCost = seedRuns.some((r) => r.cost !== null);
  const ranked = rankVariants(state, metric);
  const best = bestVariant(state, metric);
  const edits = best ? applyBestEdits(doc, best) : [];
  const byId = new Map(state.variants.map((v) => [v.id, v]));
  const paramKeys = state.spec.params.map((p) => `${p.nodeId}.${p.field}`);

  function applyBest(v: VariantRecord) {
    const list = applyBestEdits(store.getState().doc, v);
    if (list.length === 0) return;
    store.transaction(`Apply sweep variant ${v.id}`, () => {
      for (const e of list) actions.setParam(e.nodeId, e.name, e.value);
    });
    store.select([...new Set(list.map((e) => e.nodeId))]);
  }

  return (
    <section className="sweep-results" data-testid="sweep.results">
      <div className="sweep-charts">
        {Object.keys(view.curves).length > 0 &&
          CHARTS.map(([m, title]) => {
            const o = overlay(runs, m, 'epoch');
            if (o.series.every((s) => s.values.every((v) => v === null))) return null;
            return <OverlayChart key={m} title={title} metric={m} overlay={o} xLabel="epoch" />;
          })}
      </div>
      <div className="sweep-ranking">
        <label>
          rank by{' '}
          <select data-testid="sweep.metric" value={metric} onChange={(e) => setMetric(e.target.value)}>
            {rankableMetrics(state, metric).map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="primary"
          data-testid="sweep.applyBest"
          disabled={!best || edits.length === 0}
          title={
            best
              ? edits.length
                ? edits.map((e) => `${e.nodeId}.${e.name} = ${formatValue(e.value)}`).join('\n')
                : 'The canvas already matches the best variant'
              : 'No completed variant yet'
          }
          onClick={() => best && applyBest(best)}
        >
          Apply best{best ? ` (${best.id})` : ''}
        </button>
        <table className="compare-table" data-testid="sweep.ranking">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>variant</th>
              {paramKeys.map((k) => (
                <th key={k}>{k}</th>
              ))}
              <th className="num">{metric}</th>
              <th>status</th>
              <th className="num">time</th>
            </tr>
          </thead>
          <tbody>
            {ranked.map((r) => {
              const v = byId.get(r.run.id)!;
              return (
                <tr
                  key={v.id}
                  data-testid={`sweep.rank.${v.id}`}
                  data-rank={r.rank ?? ''}
                  className={best?.id === v.id ? 'best' : undefined}
                >
                  <td className="num">{r.rank ?? '—'}</td>
                  <td>
                    <span className="swatch" style={{ background: colourOf.get(v.id) }} /> {v.id}
                    {v.repeat ? ` (seed ${v.seed})` : ''}
                  </td>
                  {paramKeys.map((k) => {
                    const a = v.assignments.find((x) => `${x.nodeId}.${x.field}` === k);
                    return <td key={k}>{a ? (a.text ?? formatValue(a.value)) : '—'}</td>;
                  })}
                  <td className="num" data-best={best?.id === v.id || undefined}>
                    {r.value === null ? '—' : formatNumber(r.value)}
                  </td>
                  <td data-testid={`sweep.status.${v.id}`} title={v.stoppedAt?.reason}>
                    {stoppedStatus(v) ?? v.runStatus ?? v.status}
                    {v.stoppedAt && <div className="stopped-reason">{v.stoppedAt.reason}</div>}
                  </td>
                  <td className="num">
                    {v.durationMs !== undefined ? `${(v.durationMs / 1000).toFixed(1)} s` : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {repeated && seedRuns.length > 0 && (
        <VariantStatsView
          runs={seedRuns}
          metrics={rankableMetrics(state, metric)}
          withCost={withCost}
          testId="sweep.seedStats"
        />
      )}
      {!repeated && withCost && (
        <SweepCost runs={seedRuns} metric={metric} colourOf={(id) => colourOf.get(id) ?? 'currentColor'} />
      )}
      <ParallelCoordinates state={state} metric={metric} colourOf={colourOf} />
    </section>
  );
}

/** One seed per variant: the ranked metric against a chosen cost, the Pareto front marked. */
function SweepCost({
  runs,
  metric,
  colourOf,
}: {
  runs: readonly SeedRun[];
  metric: string;
  colourOf: (runId: string) => string;
}) {
  const [axis, setAxis] = useState<CostAxis>('params');
  const cmp = useMemo(() => compareVariants(runs, { metric }), [runs, metric]);
  // Each variant is one run here: its colour is the run's, as in the charts and the ranking above.
  const colours = new Map(cmp.variants.map((v) => [v.key, colourOf(v.runIds[0] ?? '')]));
  return (
    <section className="sweep-cost" data-testid="sweep.cost">
      <h4>
        {metric} against{' '}
        <select
          data-testid="sweep.cost.axis"
          value={axis}
          onChange={(e) => setAxis(e.target.value as CostAxis)}
        >
          {COST_AXES.map((a) => (
            <option key={a.key} value={a.key}>
              {a.label.toLowerCase()}
            </option>
          ))}
        </select>
      </h4>
      <ParetoChart cmp={cmp} axis={axis} colourOf={(key) => colours.get(key) ?? 'currentColor'} />
    </section>
  );
}
