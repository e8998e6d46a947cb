import { saveFiles } from '../../files/saveFiles';
import { useMemo, useRef, useState } from 'react';
import {
  compareTable,
  describeGraphDiff,
  diffGraphs,
  diffHyperParams,
  incomparableMetrics,
  compareVariants,
  paramVariantKeys,
  tableToCsv,
  tableToMarkdown,
  variantSection,
  withVariantColumns,
  type SeedRun,
} from '../../../../graph-core/src/experiments';
import { useServices } from '../../shell/context';
import { openDockTab } from '../../shell/registry';
import { canvasDiff } from './canvasDiff';
import { availableMetrics, overlay, runColour, type XAxis } from './curves';
import { chartsToPng } from './exportPng';
import { OverlayChart } from './OverlayChart';
import { ResultsTable } from './ResultsTable';
import { useCompareSelection } from './selection';
import { useCompareData } from './useCompareData';
import { VariantStatsView } from './VariantStatsView';

const TITLES: Record<string, string> = {
  loss: 'Training loss',
  val_loss: 'Validation loss',
  acc: 'Training accuracy',
  val_acc: 'Validation accuracy',
  lr: 'Learning rate',
};

/** Selected runs side by side: overlaid curves, the final-metrics table, and what differs between their graphs. */
export function CompareView() {
  const { host } = useServices();
  const ids = useCompareSelection();
  const [version, setVersion] = useState(0);
  const { runs, error } = useCompareData(host, ids, version);
  const [axis, setAxis] = useState<XAxis>('epoch');
  const [note, setNote] = useState<string | null>(null);
  const charts = useRef<HTMLDivElement>(null);

  const curves = useMemo(() => runs.map((r) => r.curves), [runs]);
  const metrics = useMemo(() => availableMetrics(curves), [curves]);
  const overlays = useMemo(
    () => metrics.map((m) => ({ metric: m, data: overlay(curves, m, axis) })),
    [curves, metrics, axis],
  );
  const graphs = useMemo(() => runs.flatMap((r) => (r.graph ? [r.graph] : [])), [runs]);
  const allGraphs = graphs.length === runs.length;
  const params = useMemo(() => (allGraphs ? diffHyperParams(graphs) : []), [allGraphs, graphs]);
  const table = useMemo(() => {
    const typeOf = (id: string) => graphs[0]?.nodes.find((n) => n.id === id)?.type;
    const incomparable = incomparableMetrics(params, typeOf);
    return compareTable(
      runs.map((r) => r.result),
      { params, incomparable },
    );
  }, [runs, params, graphs]);
  // Runs whose graphs differ only in the Optimizer's seed are seeds of one variant (as `layerloom compare`).
  const seedRuns = useMemo((): SeedRun[] => {
    const typeOf = (id: string) => graphs[0]?.nodes.find((n) => n.id === id)?.type;
    const keys = allGraphs
      ? paramVariantKeys(
          params,
          runs.length,
          (r) => r.field === 'seed' && typeOf(r.nodeId) === 'Optimizer',
          (i) => runs[i]!.result.label,
        )
      : runs.map((r) => ({ key: r.result.id, label: r.result.label }));
    return runs.map((r, i) => ({
      id: r.result.id,
      label: r.result.label,
      variantKey: keys[i]!.key,
      variantLabel: keys[i]!.label,
      final: r.result.final,
      curve: r.curves.metrics.filter((l) => Number.isInteger(l.epoch)),
      cost: r.cost,
      ...(r.result.durationMs !== undefined ? { durationMs: r.result.durationMs } : {}),
      ...(r.result.status !== undefined ? { status: r.result.status } : {}),
    }));
  }, [runs, params, graphs, allGraphs]);
  const finalMetrics = useMemo(
    () => [...new Set(runs.flatMap((r) => Object.keys(r.result.final)))].filter((m) => m !== 'lr'),
    [runs],
  );
  const structure = useMemo(() => {
    const base = runs[0]?.graph;
    if (!base) return [];
    return runs.slice(1).flatMap((r) =>
      r.graph
        ? describeGraphDiff(diffGraphs(base, r.graph))
            .filter((l) => !l.text.startsWith('~'))
            .map((l) => ({ ...l, text: `${r.result.label}: ${l.text}` }))
        : [],
    );
  }, [runs]);

  if (ids.length === 0) {
    return (
      <p className="compare-empty" data-testid="compare.empty">
        Select runs in the{' '}
        <button type="button" className="runs-link" onClick={() => openDockTab('runs')}>
          Runs
        </button>{' '}
        tab to compare them here.
      </p>
    );
  }

  const save = (name: string, content: string | Uint8Array, filter: { name: string; extensions: string[] }) =>
    void (async () => {
      setNote(await saveFiles(host, [{ name, content }], { zipName: name, filters: [filter] }));
    })().catch((e: unknown) => setNote(`Export failed: ${(e as Error).message}`));
  const labels = runs.map((r) => r.result.label);

  return (
    <div className="compare-view" data-testid="compare.view">
      <div className="compare-toolbar">
        <span className="compare-legend">
          {runs.map((r, i) => (
            <span key={r.result.id} className="compare-run" data-testid={`compare.run.${r.result.id}`}>
              <i style={{ background: runColour(i) }} /> {r.result.label}
            </span>
          ))}
        </span>
        <label>
          x axis{' '}
          <select data-testid="compare.axis" value={axis} onChange={(e) => setAxis(e.target.value as XAxis)}>
            <option value="epoch">epoch</option>
            <option value="time">wall time (s)</option>
          </select>
        </label>
        <button type="button" data-testid="compare.reload" onClick={() => setVersion((v) => v + 1)}>
          Reload
        </button>
        <button
          type="button"
          data-testid="compare.exportCsv"
          onClick={() =>
            save(
              'comparison.csv',
              tableToCsv(withVariantColumns(table, seedRuns, compareVariants(seedRuns))),
              {
                name: 'CSV',
                extensions: ['csv'],
              },
            )
          }
        >
          CSV
        </button>
        <button
          type="button"
          data-testid="compare.exportMd"
          onClick={() =>
            save(
              'comparison.md',
              `${tableToMarkdown(table)}\n${variantSection(compareVariants(seedRuns), 'md', 'params')}`,
              { name: 'Markdown', extensions: ['md'] },
            )
          }
        >
          Markdown
        </button>
        <button
          type="button"
          data-testid="compare.exportPng"
          onClick={() =>
            charts.current &&
            void chartsToPng(charts.current, 'Layerloom comparison', labels).then(
              (png) => save('comparison.png', png, { name: 'PNG image', extensions: ['png'] }),
              (e: unknown) => setNote((e as Error).message),
            )
          }
        >
          PNG
        </button>
        {(note ?? error) && (
          <span className="compare-note" data-testid="compare.note">
            {error ?? note}
          </span>
        )}
      </div>
      <div className="compare-charts" ref={charts}>
        {overlays.map((o) => (
          <OverlayChart
            key={o.metric}
            metric={o.metric}
            title={TITLES[o.metric] ?? o.metric}
            overlay={o.data}
            xLabel={axis === 'epoch' ? 'epoch' : 'seconds'}
          />
        ))}
      </div>
      <ResultsTable table={table} />
      {runs.length >= 2 && (
        <VariantStatsView runs={seedRuns} metrics={finalMetrics} withCost testId="compare.variants" />
      )}
      <section className="compare-diff" data-testid="compare.diff">
        <h4>What differs</h4>
        {!allGraphs ? (
          <p>Some runs have no readable graph, so their graphs cannot be compared.</p>
        ) : params.length === 0 && structure.length === 0 ? (
          <p data-testid="compare.same">The runs used the same graph and params.</p>
        ) : (
          <ul>
            {params.map((p) => (
              <li key={p.key} data-testid={`compare.param.${p.key}`}>
                <b>{p.field === null ? `${p.nodeId} (kind)` : p.key}</b>:{' '}
                {p.values
                  .map((v) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v)))
                  .join(' · ')}
              </li>
            ))}
            {structure.map((l) => (
              <li key={l.text} className={`diff-${l.change}`}>
                {l.text}
              </li>
            ))}
          </ul>
        )}
        {runs.some((r) => r.graph) && (
          <label>
            Colour the canvas against{' '}
            <select
              data-testid="compare.canvasRef"
              defaultValue=""
              onChange={(e) => {
                const r = runs.find((x) => x.result.id === e.target.value);
                canvasDiff.set(r?.graph ? { runLabel: r.result.label, graph: r.graph } : null);
              }}
            >
              <option value="">(off)</option>
              {runs
                .filter((r) => r.graph)
                .map((r) => (
                  <option key={r.result.id} value={r.result.id}>
                    {r.result.label}
                  </option>
                ))}
            </select>
          </label>
        )}
      </section>
    </div>
  );
}
