import { startTransition } from 'react';
import { useEditor, useEditorStore } from '../store/useEditor';
import { BACKEND_PICKS, type BackendPick } from '../worker/protocol';
import { isActive } from './state';
import { trainingController, useTraining } from './useTraining';
import { openDockTab } from '../shell/registry';

/** Train / Pause / Stop and the backend pick, in the top bar. */
export function TrainControls() {
  const s = useTraining();
  const c = trainingController();
  const store = useEditorStore();
  const valid = useEditor((st) => st.analysis.valid);
  const active = isActive(s.phase);
  const train = () => {
    const { doc, projectId } = store.getState();
    c.start({ doc: structuredClone(doc), projectName: doc.name, projectId });
    // Mounting the dashboard is the heavy part of the click: as a transition React renders it in
    // slices that yield to the page, so no task comes near 50 ms.
    startTransition(() => openDockTab('training'));
  };
  return (
    <span className="train-controls">
      <select
        aria-label="Training backend"
        data-testid="training.backendPick"
        value={s.backendPick}
        disabled={active}
        onChange={(e) => c.setBackendPick(e.target.value as BackendPick)}
      >
        {BACKEND_PICKS.map((b) => (
          <option key={b} value={b}>
            {b}
          </option>
        ))}
      </select>
      {!active ? (
        <button
          type="button"
          className="primary"
          data-testid="training.train"
          disabled={!valid}
          title={valid ? 'Train the graph on the canvas' : 'Fix the problems first'}
          onClick={train}
        >
          Train
        </button>
      ) : (
        <>
          <button
            type="button"
            data-testid="training.pause"
            onClick={() => (s.phase === 'paused' ? c.resume() : c.pause())}
          >
            {s.phase === 'paused' ? 'Resume' : 'Pause'}
          </button>
          <button type="button" data-testid="training.stop" onClick={() => c.stop()}>
            Stop
          </button>
        </>
      )}
    </span>
  );
}
