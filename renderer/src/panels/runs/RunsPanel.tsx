import { useMemo, useState } from 'react';
import { parseProject } from '../../../../graph-core/src/document';
import { useServices } from '../../shell/context';
import { trainingController } from '../../training/useTraining';
import { openDockTab } from '../../shell/registry';
import { useEditor, useEditorStore } from '../../store/useEditor';
import { compareSelection, useCompareSelection } from '../compare/selection';
import { RunRowView, type RowActions } from './RunRowView';
import { checkpointEpoch } from './runRows';
import { useRuns } from './useRuns';
import { formatEntries, reportingJob } from '../../files/ExportMenu';
import { saveOfflinePage } from '../evaluation/ExportButtons';

/** Every run of the open project (or of all projects): status, results, what differs, and upkeep. */
export function RunsPanel() {
  const { host } = useServices();
  const store = useEditorStore();
  const current = useEditor((s) => s.doc);
  const [allProjects, setAllProjects] = useState(false);
  const [trashed, setTrashed] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const query = useMemo(
    () => ({ projectName: allProjects ? null : current.name, trashed }),
    [allProjects, current.name, trashed],
  );
  const { rows, graphs, error, refresh } = useRuns(host, query);
  const selected = useCompareSelection();

  const act = (job: () => Promise<unknown>, done?: string) =>
    void job().then(
      () => {
        if (done) setMessage(done);
        return refresh();
      },
      (e: unknown) => setMessage((e as Error).message),
    );

  const actions: RowActions = {
    rename: (runId, name) => act(() => host.updateRunMeta({ runId, name })),
    setTags: (runId, tags) => act(() => host.updateRunMeta({ runId, tags })),
    setNote: (runId, note) => act(() => host.updateRunMeta({ runId, note })),
    trash: (runId) => {
      compareSelection.set(compareSelection.get().filter((id) => id !== runId));
      act(() => host.trashRun({ runId }), 'Moved to the trash; show the trash to restore it.');
    },
    restore: (runId) => act(() => host.restoreRun({ runId }), 'Restored.'),
    openGraph: (runId) => {
      const graph = graphs.get(runId);
      if (!graph) return;
      if (store.getState().dirty && !window.confirm('Discard the unsaved changes to this project?')) return;
      // Opened as an unsaved project: saving it never overwrites the project the run came from.
      store.load(graph, null, { dirty: true });
      setMessage(`Opened the graph of ${runId} on the canvas (unsaved).`);
    },
    toggleSelect: (runId) => compareSelection.toggle(runId),
    exportEntries: (runId) => [
      ...formatEntries(host, () => ({ runId }), `runs.export.${runId}`, setMessage),
      {
        key: 'html',
        label: 'Offline HTML page…',
        testId: `runs.export.${runId}.html`,
        onSelect: () => reportingJob(setMessage, () => saveOfflinePage(host, runId, [])),
      },
    ],
    continueRun: (runId) =>
      act(async () => {
        const training = trainingController();
        if (training.running) throw new Error('A run is training; stop it before continuing another.');
        const run = await host.readRun({ runId });
        const parsed = run.graph === null ? null : parseProject(run.graph);
        if (!parsed?.ok) throw new Error(`${runId} has no readable graph to continue.`);
        training.start(
          { doc: parsed.doc, projectName: run.meta.projectName, projectId: run.meta.projectId },
          { runId, epoch: checkpointEpoch(run.summary, run.metrics.length) },
        );
        openDockTab('training');
      }, `Continuing ${runId} from its last checkpoint as a new run.`),
  };

  return (
    <div className="runs-panel" data-testid="runs.panel">
      <div className="runs-toolbar">
        <label>
          <input
            type="checkbox"
            data-testid="runs.allProjects"
            checked={allProjects}
            onChange={(e) => setAllProjects(e.target.checked)}
          />
          All projects
        </label>
        <label>
          <input
            type="checkbox"
            data-testid="runs.showTrash"
            checked={trashed}
            onChange={(e) => setTrashed(e.target.checked)}
          />
          Trash
        </label>
        <button type="button" data-testid="runs.refresh" onClick={() => void refresh()}>
          Refresh
        </button>
        <button
          type="button"
          data-testid="runs.compare"
          disabled={selected.length === 0}
          onClick={() => openDockTab('compare')}
          title="Overlay the selected runs' curves and compare their results"
        >
          Compare {selected.length > 0 ? `(${selected.length})` : ''}
        </button>
        {selected.length > 0 && (
          <button type="button" data-testid="runs.clearSelection" onClick={() => compareSelection.set([])}>
            Clear selection
          </button>
        )}
        <span className="runs-count">
          {rows.length} run{rows.length === 1 ? '' : 's'}
          {allProjects ? '' : ` of ${current.name}`}
        </span>
        {(message ?? error) && (
          <span className="runs-message" data-testid="runs.message">
            {error ?? message}
          </span>
        )}
      </div>
      {rows.length === 0 ? (
        <p className="runs-empty" data-testid="runs.empty">
          {trashed
            ? 'The trash is empty.'
            : 'No runs yet: train the graph (or run a sweep) and its runs appear here.'}
        </p>
      ) : (
        <table className="runs-table">
          <thead>
            <tr>
              <th aria-label="Select" />
              <th>Run</th>
              <th>Status</th>
              <th>Started</th>
              <th>Duration</th>
              <th>Backend</th>
              <th>val_acc</th>
              <th>val_loss</th>
              <th>Differs from canvas</th>
              <th>Note</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <RunRowView
                key={row.id}
                row={row}
                selected={selected.includes(row.id)}
                current={current}
                graph={graphs.get(row.id)}
                actions={actions}
              />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
