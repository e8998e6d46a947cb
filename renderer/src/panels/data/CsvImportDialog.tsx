import { useMemo, useState } from 'react';
import type { Delimiter } from '../../../../graph-core/src/data';
import { useServices } from '../../shell/context';
import { useEditorStore } from '../../store/useEditor';
import { initialCsvForm, viewCsvForm, type CsvForm } from './csvForm';
import { applyImportToNode, saveToWorkspace } from './saveImport';

const DELIMITERS: [CsvForm['delimiter'], string][] = [
  ['auto', 'Detect'],
  [',', 'Comma'],
  [';', 'Semicolon'],
  ['\t', 'Tab'],
];

export function CsvImportDialog({
  nodeId,
  onDone,
  onCancel,
}: {
  nodeId: string;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { host, actions } = useServices();
  const store = useEditorStore();
  const [form, setForm] = useState<CsvForm | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const view = useMemo(() => (form ? viewCsvForm(form) : null), [form]);
  const update = (patch: Partial<CsvForm>) => setForm((f) => (f ? { ...f, ...patch } : f));

  async function pick(file: File | undefined) {
    if (!file) return;
    setFailure(null);
    setForm(initialCsvForm(file.name, await file.text()));
  }

  async function importNow() {
    if (!form || !view?.dataset) return;
    setBusy(true);
    try {
      const id = await saveToWorkspace(host, view.dataset, { kind: 'csv', fileName: form.fileName });
      applyImportToNode(store, actions, nodeId, {
        source: 'csv',
        path: form.fileName,
        datasetId: id,
        labelColumn: view.labelColumn,
        featureColumns: view.featureColumns,
      });
      onDone(`Imported ${view.dataset.count} rows from ${form.fileName}.`);
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const columns = view?.table?.columns ?? [];
  return (
    <section className="data-dialog" aria-label="Import CSV" data-testid="data.csv.dialog">
      <p className="dim">
        Pick a CSV file: one sample per row, one column holding the label (a class name, or a number for
        regression). The delimiter and header are detected; check the preview, then import. The data is copied
        into the workspace, so the project trains later without the original file.
      </p>
      <label>
        CSV file{' '}
        <input
          type="file"
          accept=".csv,.tsv,.txt,text/csv"
          data-testid="data.csv.file"
          onChange={(e) => void pick(e.target.files?.[0])}
        />
      </label>
      {form && (
        <div className="data-csv-options">
          <label>
            Delimiter{' '}
            <select
              data-testid="data.csv.delimiter"
              value={form.delimiter}
              onChange={(e) => update({ delimiter: e.target.value as Delimiter | 'auto' })}
            >
              {DELIMITERS.map(([v, label]) => (
                <option key={label} value={v}>
                  {label}
                  {v === 'auto' && view?.table
                    ? ` (${DELIMITERS.find((d) => d[0] === view.table?.delimiter)?.[1]})`
                    : ''}
                </option>
              ))}
            </select>
          </label>
          <label>
            <input
              type="checkbox"
              data-testid="data.csv.header"
              checked={form.header === 'auto' ? (view?.table?.hasHeader ?? true) : form.header}
              onChange={(e) => update({ header: e.target.checked })}
            />{' '}
            First row is a header
          </label>
          <label>
            Label column{' '}
            <select
              data-testid="data.csv.label"
              value={view?.labelColumn ?? ''}
              onChange={(e) => update({ labelColumn: e.target.value })}
            >
              {columns.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
          <label>
            Categories as{' '}
            <select
              data-testid="data.csv.encoding"
              value={form.encoding}
              onChange={(e) => update({ encoding: e.target.value as CsvForm['encoding'] })}
            >
              <option value="onehot">one-hot columns</option>
              <option value="index">an index</option>
            </select>
          </label>
          <label>
            Task{' '}
            <select
              data-testid="data.csv.task"
              value={form.task}
              onChange={(e) => update({ task: e.target.value as CsvForm['task'] })}
            >
              <option value="auto">Detect{view?.dataset ? ` (${view.dataset.task})` : ''}</option>
              <option value="classification">classification</option>
              <option value="regression">regression (numeric label)</option>
            </select>
          </label>
          <fieldset>
            <legend>Feature columns</legend>
            {columns
              .filter((c) => c !== view?.labelColumn)
              .map((c) => (
                <label key={c} className="data-feature">
                  <input
                    type="checkbox"
                    data-testid={`data.csv.feature.${c}`}
                    checked={view?.featureColumns.includes(c) ?? false}
                    onChange={(e) => {
                      const current = view?.featureColumns ?? [];
                      update({
                        featureColumns: e.target.checked ? [...current, c] : current.filter((x) => x !== c),
                      });
                    }}
                  />{' '}
                  {c} <small>({view?.profiles.find((p) => p.name === c)?.kind})</small>
                </label>
              ))}
          </fieldset>
        </div>
      )}
      {view && view.preview.length > 0 && (
        <table className="data-table" data-testid="data.csv.preview">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} className={c === view.labelColumn ? 'label' : ''}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.preview.map((row, r) => (
              <tr key={r}>
                {row.map((cell, k) => (
                  <td key={k}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view && [...view.errors, ...view.warnings].length > 0 && (
        <ul className="data-issues" data-testid="data.csv.errors">
          {[...view.errors, ...view.warnings].map((e, i) => (
            <li key={i} className={e.severity}>
              {e.message}
            </li>
          ))}
        </ul>
      )}
      {failure && <p className="error">{failure}</p>}
      <div className="data-dialog-actions">
        {form && (
          <button
            type="button"
            className="primary"
            data-testid="data.csv.import"
            disabled={!view?.dataset || busy}
            onClick={() => void importNow()}
          >
            {busy
              ? 'Importing…'
              : `Import ${view?.dataset ? `${view.dataset.count.toLocaleString('en-US')} rows` : ''}`}
          </button>
        )}
        <button type="button" data-testid="data.csv.cancel" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
