import { useState } from 'react';
import { useServices } from '../../shell/context';
import type { EvaluationReport } from '../../../../graph-core/src/runs';
import { fmtPercent } from '../training/format';
import { BoundaryPlot, HistogramBars } from './Charts';
import { ExportButtons } from './ExportButtons';
import { SampleImage } from './SampleImage';
import { useRunEvaluation } from './useRunEvaluation';
import './evaluation.css';

function Confusion({ r }: { r: EvaluationReport }) {
  const m = r.confusion!;
  const peak = Math.max(1, ...m.flat());
  return (
    <table className="eval-confusion" data-testid="eval.confusion">
      <caption>Confusion ({r.split}, rows true, columns predicted)</caption>
      <thead>
        <tr>
          <th />
          {m.map((_, c) => (
            <th key={c}>{r.classNames[c] ?? c}</th>
          ))}
          <th>acc</th>
        </tr>
      </thead>
      <tbody>
        {m.map((row, t) => (
          <tr key={t}>
            <th>{r.classNames[t] ?? t}</th>
            {row.map((v, p) => (
              <td key={p} style={{ background: `rgba(${t === p ? '16,185,129' : '239,68,68'},${v / peak})` }}>
                {v || ''}
              </td>
            ))}
            <td data-testid={`eval.classAcc.${t}`}>{fmtPercent(r.perClass[t]?.accuracy)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Samples({ r }: { r: EvaluationReport }) {
  const name = (c: number) => r.classNames[c] ?? String(c);
  return (
    <>
      <p className="eval-legend dim">
        Each caption: predicted class, <s>true label</s> when wrong, confidence. Misclassified samples (red)
        come first.
      </p>
      <div className="eval-samples" data-testid="eval.samples">
        {r.samples.map((s) => (
          <figure
            key={s.index}
            title={`predicted ${name(s.predicted)}, label ${name(s.label)}, ${Math.round(s.confidence * 100)}% confident`}
            className={s.label === s.predicted ? 'ok' : 'wrong'}
            data-testid="eval.sample"
            data-label={s.label}
            data-predicted={s.predicted}
          >
            {s.image ? (
              <SampleImage image={s.image} />
            ) : (
              <code>{s.features?.map((f) => f.toFixed(2)).join(', ')}</code>
            )}
            <figcaption>
              {r.classNames[s.predicted] ?? s.predicted}{' '}
              {s.label !== s.predicted && <s>{r.classNames[s.label] ?? s.label}</s>} ·{' '}
              {Math.round(s.confidence * 100)}%
            </figcaption>
          </figure>
        ))}
      </div>
    </>
  );
}

export function EvaluationPanel() {
  const { host } = useServices();
  const [tab, setTab] = useState<'classes' | 'samples' | 'histograms'>('classes');
  const { runs, runId, pick, report: r, waiting } = useRunEvaluation();
  if (runId === '')
    return <p className="eval-empty">Train a model: its evaluation shows here when the run ends.</p>;
  const picker = (
    <select aria-label="Run" data-testid="eval.run" value={runId} onChange={(e) => pick(e.target.value)}>
      {!runs.some((x) => x.id === runId) && <option value={runId}>this run</option>}
      {runs.map((x) => (
        <option key={x.id} value={x.id}>
          {x.name}
        </option>
      ))}
    </select>
  );
  if (!r)
    return (
      <div className="eval-panel" data-testid="eval.panel">
        <div className="eval-head">{picker}</div>
        <p className="eval-empty" data-testid="eval.none">
          {waiting
            ? 'Its evaluation shows here when the run ends.'
            : r === undefined
              ? 'Reading the evaluation…'
              : 'This run has no evaluation: it ended before one was made (stopped or failed), or its evaluation.json is damaged.'}
        </p>
      </div>
    );
  return (
    <div className="eval-panel" data-testid="eval.panel">
      <div className="eval-head">
        {picker}
        <b>
          {r.split} · {r.count} samples · accuracy{' '}
          <span data-testid="eval.accuracy">{fmtPercent(r.accuracy)}</span>
        </b>
        {(['classes', 'samples', 'histograms'] as const).map((t) => (
          <button
            key={t}
            type="button"
            aria-pressed={tab === t}
            data-testid={`eval.tab.${t}`}
            onClick={() => setTab(t)}
          >
            {t}
          </button>
        ))}
        <ExportButtons host={host} runId={runId} classNames={r.classNames} />
      </div>
      {tab === 'classes' && (
        <div className="eval-row">
          {r.confusion ? <Confusion r={r} /> : <p>Regression: no classes to confuse.</p>}
          {r.boundary && <BoundaryPlot b={r.boundary} />}
        </div>
      )}
      {tab === 'samples' && <Samples r={r} />}
      {tab === 'histograms' && (
        <div className="eval-hists">
          {r.histograms.map((h) => (
            <HistogramBars key={`${h.kind}.${h.nodeId}`} h={h} />
          ))}
        </div>
      )}
    </div>
  );
}
