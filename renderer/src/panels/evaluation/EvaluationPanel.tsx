import { useEffect, useState } from 'react';
import { useServices } from '../../shell/context';
import { useEditor } from '../../store/useEditor';
import { isActive } from '../../training/state';
import { useTraining } from '../../training/useTraining';
import { evaluationSchema, type EvaluationReport } from '../../../../graph-core/src/runs';
import { fmtPercent } from '../training/format';
import { BoundaryPlot, HistogramBars } from './Charts';
import { ExportButtons } from './ExportButtons';
import { SampleImage } from './SampleImage';
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

/**
 * The runs with a model (the open project's first, newest first) and the evaluation of the one
 * shown: this session's run from memory, an earlier one read back from its folder
 * (evaluation.json), so a relaunch still shows what was trained. A new run in this session is
 * shown as it starts.
 */
function useShownEvaluation() {
  const { host } = useServices();
  const s = useTraining();
  const project = useEditor((e) => e.doc.name);
  const [runs, setRuns] = useState<{ id: string; name: string }[]>([]);
  const [picked, setPicked] = useState('');
  const [loaded, setLoaded] = useState<{ runId: string; report: EvaluationReport | null } | null>(null);
  useEffect(() => setPicked(''), [s.runId]);
  useEffect(() => {
    let live = true;
    host.listRuns({}).then(
      ({ runs }) => {
        const mine = (r: (typeof runs)[number]) => (r.meta.projectName === project ? 0 : 1);
        const withModel = runs.filter((r) => r.hasModel).sort((a, b) => mine(a) - mine(b));
        if (live) setRuns(withModel.map((r) => ({ id: r.id, name: r.meta.name })));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [host, project, s.runId, s.evaluation]);
  const runId = picked || s.runId || runs[0]?.id || '';
  const current = runId !== '' && runId === s.runId;
  const session = current && s.evaluation ? s.evaluation : null;
  const waiting = current && !session && isActive(s.phase);
  useEffect(() => {
    if (runId === '' || session || waiting) return;
    let live = true;
    const done = (report: EvaluationReport | null) => live && setLoaded({ runId, report });
    host.readRun({ runId }).then(
      (run) => {
        const parsed = evaluationSchema.safeParse(run.evaluation);
        done(parsed.success ? parsed.data : null);
      },
      () => done(null),
    );
    return () => {
      live = false;
    };
  }, [host, runId, session, waiting]);
  const report = session ?? (loaded?.runId === runId ? loaded.report : undefined);
  return { runs, runId, pick: setPicked, report, waiting };
}

export function EvaluationPanel() {
  const { host } = useServices();
  const [tab, setTab] = useState<'classes' | 'samples' | 'histograms'>('classes');
  const { runs, runId, pick, report: r, waiting } = useShownEvaluation();
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
