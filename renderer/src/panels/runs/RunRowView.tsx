import { useState } from 'react';
import { Menu, type MenuEntry } from '../../shell/Menu';
import type { GraphDocument } from '../../../../graph-core/src/document';
import { differencesFromCurrent, formatDate, formatDuration, parseTags, type RunRow } from './runRows';

export interface RowActions {
  rename(id: string, name: string): void;
  setTags(id: string, tags: string[]): void;
  setNote(id: string, note: string): void;
  trash(id: string): void;
  restore(id: string): void;
  openGraph(id: string): void;
  continueRun(id: string): void;
  toggleSelect(id: string): void;
  /** Its Export menu: the three model formats and the offline HTML page. */
  exportEntries(id: string): MenuEntry[];
}

interface Props {
  row: RunRow;
  selected: boolean;
  current: GraphDocument;
  graph: GraphDocument | null | undefined;
  actions: RowActions;
}

const metric = (v: number | null | undefined) => (typeof v === 'number' ? v.toFixed(4) : '—');

export function RunRowView({ row, selected, current, graph, actions }: Props) {
  const [editing, setEditing] = useState<'name' | 'tags' | 'note' | null>(null);
  const [text, setText] = useState('');
  const t = (part: string) => `runs.${part}.${row.id}`;
  const diffs = graph ? differencesFromCurrent(current, graph) : null;

  const begin = (what: 'name' | 'tags' | 'note', value: string) => {
    setEditing(what);
    setText(value);
  };
  const commit = () => {
    if (editing === 'name' && text.trim() !== '' && text.trim() !== row.name)
      actions.rename(row.id, text.trim());
    if (editing === 'tags') actions.setTags(row.id, parseTags(text));
    if (editing === 'note' && text !== row.note) actions.setNote(row.id, text);
    setEditing(null);
  };
  const editor = (multiline: boolean) => {
    const common = {
      autoFocus: true,
      value: text,
      'data-testid': t(`edit-${editing}`),
      onChange: (e: { target: { value: string } }) => setText(e.target.value),
      onBlur: commit,
      onKeyDown: (e: React.KeyboardEvent) => {
        if (e.key === 'Escape') setEditing(null);
        if (e.key === 'Enter' && !(multiline && e.shiftKey)) commit();
      },
    };
    return multiline ? <textarea rows={2} {...common} /> : <input type="text" {...common} />;
  };

  return (
    <tr data-testid={t('row')} className={selected ? 'runs-selected' : undefined}>
      <td>
        <input
          type="checkbox"
          aria-label={`Compare ${row.name}`}
          data-testid={t('select')}
          checked={selected}
          onChange={() => actions.toggleSelect(row.id)}
        />
      </td>
      <td className="runs-name">
        {editing === 'name' ? (
          editor(false)
        ) : (
          <button
            type="button"
            className="runs-link"
            title="Rename"
            data-testid={t('rename')}
            onClick={() => begin('name', row.name)}
          >
            {row.name}
          </button>
        )}
        {row.sweepId && (
          <span className="runs-chip runs-sweep" title="Part of a sweep">
            {row.sweepId}
          </span>
        )}
        <div className="runs-tags">
          {editing === 'tags' ? (
            editor(false)
          ) : (
            <button
              type="button"
              className="runs-link runs-muted"
              data-testid={t('tags')}
              onClick={() => begin('tags', row.tags.join(', '))}
            >
              {row.tags.length > 0
                ? row.tags.map((tag) => (
                    <span key={tag} className="runs-chip">
                      {tag}
                    </span>
                  ))
                : '+ tag'}
            </button>
          )}
        </div>
      </td>
      <td>
        <span className={`runs-status st-${row.status}`} data-testid={t('status')}>
          {row.status}
        </span>
      </td>
      <td>{formatDate(row.createdAt)}</td>
      <td>{formatDuration(row.durationMs)}</td>
      <td>{row.backend ?? '—'}</td>
      <td className="runs-num" data-testid={t('val_acc')}>
        {metric(row.final.val_acc)}
      </td>
      <td className="runs-num">{metric(row.final.val_loss)}</td>
      <td className="runs-diffs" data-testid={t('diffs')}>
        {diffs === null ? (
          <span className="runs-muted">{graph === null ? 'no graph' : '…'}</span>
        ) : diffs.length === 0 ? (
          <span className="runs-muted">same as canvas</span>
        ) : (
          diffs.map((d) => (
            <span key={d} className="runs-chip">
              {d}
            </span>
          ))
        )}
      </td>
      <td className="runs-note">
        {editing === 'note' ? (
          editor(true)
        ) : (
          <button
            type="button"
            className="runs-link runs-muted"
            title={row.note || 'Add a note'}
            data-testid={t('note')}
            onClick={() => begin('note', row.note)}
          >
            {row.note ? row.note.slice(0, 40) + (row.note.length > 40 ? '…' : '') : '+ note'}
          </button>
        )}
      </td>
      <td className="runs-actions">
        <button
          type="button"
          data-testid={t('open')}
          disabled={!graph}
          title="Open the graph this run trained on the canvas"
          onClick={() => actions.openGraph(row.id)}
        >
          Open graph
        </button>
        {row.hasCheckpoint && !row.trashed && row.status !== 'running' && (
          <button
            type="button"
            data-testid={t('continue')}
            title="Train on from this run's last checkpoint (a new run)"
            onClick={() => actions.continueRun(row.id)}
          >
            Continue
          </button>
        )}
        {row.hasModel && !row.trashed && (
          <Menu label="Export" testId={t('export')} empty="" entries={actions.exportEntries(row.id)} />
        )}
        {row.trashed ? (
          <button type="button" data-testid={t('restore')} onClick={() => actions.restore(row.id)}>
            Restore
          </button>
        ) : (
          <button
            type="button"
            data-testid={t('trash')}
            title="Move to the workspace trash (restorable)"
            onClick={() => actions.trash(row.id)}
          >
            Delete
          </button>
        )}
      </td>
    </tr>
  );
}
