import type { ProjectController, ProjectUiState } from '../project/projectController';

/** Crash recovery offers and the last host error, over the canvas. */
export function Banners({ projects, ui }: { projects: ProjectController; ui: ProjectUiState }) {
  const recovery = ui.recoveries[0];
  return (
    <>
      {recovery && (
        <div className="banner" role="alertdialog" aria-label="Restore unsaved work" data-testid="recovery">
          <span>
            Unsaved changes to <b>{recovery.name}</b> from {new Date(recovery.savedAt).toLocaleString()} were
            kept.
          </span>
          <button
            type="button"
            className="primary"
            data-testid="recovery.restore"
            onClick={() => void projects.restore(recovery)}
          >
            Restore
          </button>
          <button
            type="button"
            data-testid="recovery.discard"
            onClick={() => void projects.declineRecovery(recovery)}
          >
            Discard
          </button>
        </div>
      )}
      {/* A pending recovery offer never hides a message: an error the user just caused shows below it. */}
      {ui.message && (
        <div
          className={`banner ${ui.message.kind}${recovery ? ' below' : ''}`}
          role="alert"
          data-testid="message"
        >
          <span>{ui.message.text}</span>
          <button type="button" aria-label="Dismiss" onClick={() => projects.dismissMessage()}>
            ✕
          </button>
        </div>
      )}
    </>
  );
}
