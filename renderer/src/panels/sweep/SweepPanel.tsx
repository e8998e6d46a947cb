import { useEffect, useMemo, useState } from 'react';
import { expandSweep, sweepProgress, type SweepIssue } from '../../../../graph-core/src/experiments';
import { liveParams, specFromDraft, type SweepDraft } from '../../sweep/draft';
import { commitDraft, paramSpecAt, sweepRunner, useDraft, useSweepView } from '../../sweep/useSweep';
import { useEditor, useEditorStore } from '../../store/useEditor';
import { HalvingOptions } from './HalvingOptions';
import { SweepResults } from './SweepResults';
import { SweptParamEditor } from './SweptParamEditor';
import { VariantList } from './VariantList';

/** The Sweep dock tab: what is swept, how, Run / Stop / Resume, per-variant progress and the results. */
export function SweepPanel() {
  const store = useEditorStore();
  const doc = useEditor((s) => s.doc);
  const projectId = useEditor((s) => s.projectId);
  const draft = liveParams(doc, useDraft());
  const view = useSweepView();
  const runner = sweepRunner();
  const [issues, setIssues] = useState<SweepIssue[]>([]);
  const change = (d: SweepDraft) => commitDraft(store, d);
  const expansion = useMemo(
    () => (draft.params.length ? expandSweep(doc, specFromDraft(doc, draft)) : null),
    [doc, draft],
  );
  const project = { name: doc.name, id: projectId };

  useEffect(() => {
    if (view.phase === 'idle') void runner.loadLatest(doc.name);
  }, [runner, doc.name, view.phase]);

  const progress = view.state ? sweepProgress(view.state) : null;
  const canResume = runner.canResume;
  return (
    <div className="sweep-panel" data-testid="sweep.panel">
      <section className="sweep-spec">
        <h3>Swept params</h3>
        {draft.params.length === 0 && (
          <p className="hint" data-testid="sweep.empty">
            Nothing is swept yet. Select a node and press ⋔ beside a param in the inspector to try several
            values of it.
          </p>
        )}
        {draft.params.map((p) => {
          const node = doc.nodes.find((n) => n.id === p.nodeId);
          return (
            <SweptParamEditor
              key={`${p.nodeId}.${p.field}`}
              param={p}
              spec={node ? paramSpecAt(node, p.field) : undefined}
              draft={draft}
              onChange={change}
            />
          );
        })}
        <div className="sweep-options">
          <label>
            search
            <select
              data-testid="sweep.mode"
              value={draft.mode}
              onChange={(e) => change({ ...draft, mode: e.target.value as SweepDraft['mode'] })}
            >
              <option value="grid">grid (every combination)</option>
              <option value="random">random</option>
            </select>
          </label>
          {draft.mode === 'random' && (
            <label>
              budget
              <input
                data-testid="sweep.budget"
                type="number"
                min={1}
                value={draft.budget}
                onChange={(e) =>
                  change({ ...draft, budget: Math.max(1, Math.round(Number(e.target.value) || 1)) })
                }
              />
            </label>
          )}
          <label title="Each combination trains again with seed+1, seed+2 … to show the spread">
            repeats
            <input
              data-testid="sweep.repeats"
              type="number"
              min={1}
              max={10}
              value={draft.repeats}
              onChange={(e) =>
                change({
                  ...draft,
                  repeats: Math.min(10, Math.max(1, Math.round(Number(e.target.value) || 1))),
                })
              }
            />
          </label>
          <span className="sweep-count" data-testid="sweep.count">
            {expansion?.ok
              ? `${expansion.variants.length} variant${expansion.variants.length === 1 ? '' : 's'}, seed ${specFromDraft(doc, draft).seed}`
              : ''}
          </span>
        </div>
        {draft.params.length > 0 && (
          <HalvingOptions
            doc={doc}
            draft={draft}
            variants={expansion?.ok ? expansion.variants.length : null}
            onChange={change}
          />
        )}
        {expansion && !expansion.ok && (
          <ul className="sweep-issues" data-testid="sweep.issues">
            {expansion.issues.map((i, k) => (
              <li key={k} className="param-error">
                {i.message}
              </li>
            ))}
          </ul>
        )}
        {issues.length > 0 && (
          <ul className="sweep-issues">
            {issues.map((i, k) => (
              <li key={k} className="param-error">
                {i.message}
              </li>
            ))}
          </ul>
        )}
        <div className="sweep-actions">
          <button
            type="button"
            className="primary"
            data-testid="sweep.run"
            disabled={runner.busy || !expansion?.ok}
            onClick={() => void runner.start(doc, draft, project).then(setIssues)}
          >
            Run sweep
          </button>
          <button
            type="button"
            data-testid="sweep.stop"
            disabled={view.phase !== 'running'}
            onClick={() => runner.stop()}
          >
            {view.phase === 'stopping' ? 'Stopping…' : 'Stop'}
          </button>
          <button
            type="button"
            data-testid="sweep.resume"
            disabled={!canResume}
            onClick={() => runner.resume(project)}
          >
            Resume
          </button>
          {progress && (
            <span className="sweep-status" data-testid="sweep.status" data-phase={view.phase}>
              {view.phase} · {progress.done + progress.failed}/{progress.total} done
              {progress.failed ? `, ${progress.failed} failed` : ''}
            </span>
          )}
        </div>
        {view.error && (
          <p className="param-error" role="alert">
            {view.error}
          </p>
        )}
      </section>
      {/* What people come for first: the ranking and Apply best, then each variant's state. */}
      {view.state && <SweepResults view={view} />}
      {view.state && (
        <VariantList
          state={view.state}
          current={view.current}
          canContinue={!runner.busy}
          onContinue={(id) =>
            void runner
              .continueStopped(id, project)
              .then((problem) => setIssues(problem ? [{ param: null, message: problem }] : []))
          }
        />
      )}
    </div>
  );
}
