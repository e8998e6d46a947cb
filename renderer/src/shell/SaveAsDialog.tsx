import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { projectNameProblem } from '../project/projectName';
import { saveAsDialog, type SaveAsStep } from './saveAsDialog';

/** The in-app Save As (browser mode): a modal over the app, Enter saves, Escape cancels. */
export function SaveAsDialog() {
  const step = useSyncExternalStore(saveAsDialog.subscribe, saveAsDialog.getStep);
  if (!step) return null;
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && cancel(step)}>
      {step.kind === 'name' ? <NameStep step={step} /> : <ReplaceStep step={step} />}
    </div>
  );
}

const cancel = (step: SaveAsStep) => (step.kind === 'name' ? step.answer(null) : step.answer(false));

function NameStep({ step }: { step: Extract<SaveAsStep, { kind: 'name' }> }) {
  const [name, setName] = useState(step.suggestion);
  const [tried, setTried] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.select(), []);
  const problem = projectNameProblem(name);
  const submit = () => {
    setTried(true);
    if (!problem) step.answer(name.trim());
  };
  return (
    <form
      className="modal"
      role="dialog"
      aria-modal="true"
      aria-labelledby="save-as-title"
      data-testid="saveAs.dialog"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={(e) => e.key === 'Escape' && step.answer(null)}
    >
      <h2 id="save-as-title">Save the project as</h2>
      <label htmlFor="save-as-name">Name</label>
      <input
        id="save-as-name"
        ref={input}
        data-testid="saveAs.name"
        value={name}
        maxLength={200}
        aria-invalid={problem !== null}
        aria-describedby="save-as-help"
        onChange={(e) => setName(e.target.value)}
      />
      <p
        id="save-as-help"
        className={problem && (tried || name !== step.suggestion) ? 'modal-error' : 'hint'}
      >
        {problem && (tried || name !== step.suggestion) ? (
          <span data-testid="saveAs.error">{problem}</span>
        ) : (
          'Saved in the workspace’s projects folder.'
        )}
      </p>
      <div className="modal-actions">
        <button type="button" data-testid="saveAs.cancel" onClick={() => step.answer(null)}>
          Cancel
        </button>
        <button type="submit" className="primary" data-testid="saveAs.save" disabled={problem !== null}>
          Save
        </button>
      </div>
    </form>
  );
}

function ReplaceStep({ step }: { step: Extract<SaveAsStep, { kind: 'replace' }> }) {
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  return (
    <div
      className="modal"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="save-as-replace"
      data-testid="saveAs.replaceDialog"
      onKeyDown={(e) => e.key === 'Escape' && step.answer(false)}
    >
      <h2 id="save-as-replace">Replace “{step.name}”?</h2>
      <p>A project named “{step.name}” already exists in the workspace. Replacing it overwrites that file.</p>
      <div className="modal-actions">
        <button type="button" ref={keep} data-testid="saveAs.keep" onClick={() => step.answer(false)}>
          Keep it
        </button>
        <button
          type="button"
          className="danger"
          data-testid="saveAs.replace"
          onClick={() => step.answer(true)}
        >
          Replace
        </button>
      </div>
    </div>
  );
}
