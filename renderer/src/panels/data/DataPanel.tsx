import { useEffect, useState } from 'react';
import type { GraphDocument, GraphNode } from '../../../../graph-core/src/document';
import { useServices } from '../../shell/context';
import { useEditor } from '../../store/useEditor';
import type { Selection } from '../../store/editorStore';
import { CsvImportDialog } from './CsvImportDialog';
import { ImageImportDialog } from './ImageImportDialog';
import { AugmentedPreview } from './AugmentedPreview';
import { loadPreview, type DataPreview } from './preview';
import { ClassHistogram, FeatureStats, SamplePreview } from './PreviewParts';

/** The selected Dataset node, else the graph's only one. */
export function targetDatasetNode(doc: GraphDocument, selection: Selection): GraphNode | null {
  const selected = doc.nodes.find((n) => selection.nodes.has(n.id) && n.type === 'Dataset');
  if (selected) return selected;
  const all = doc.nodes.filter((n) => n.type === 'Dataset');
  return all.length === 1 ? (all[0] ?? null) : null;
}

type Mode = 'view' | 'csv' | 'images';

export function DataPanel({ onDatasetsChanged }: { onDatasetsChanged?: () => void }) {
  const { host } = useServices();
  const doc = useEditor((s) => s.doc);
  const selection = useEditor((s) => s.selection);
  const projectId = useEditor((s) => s.projectId);
  const node = targetDatasetNode(doc, selection);
  const [mode, setMode] = useState<Mode>('view');
  const [notice, setNotice] = useState<{ message: string; details: string[] } | null>(null);
  const [preview, setPreview] = useState<DataPreview | { error: string } | 'loading' | null>(null);
  const key = node ? `${node.id}:${JSON.stringify(node.params)}` : '';

  useEffect(() => {
    if (!node) return;
    let live = true;
    setPreview('loading');
    loadPreview(node, host, projectId)
      .then((p) => live && setPreview(p))
      .catch((e: unknown) => live && setPreview({ error: e instanceof Error ? e.message : String(e) }));
    return () => {
      live = false;
    };
    // The key captures everything about the node that changes the data.
  }, [key, host, projectId]);

  if (!node) {
    return (
      <p className="dim" data-testid="data.empty">
        Select a Dataset node to see its data, or add one from the palette.
      </p>
    );
  }
  const done = (message: string, details: string[] = []) => {
    onDatasetsChanged?.();
    setNotice({ message, details });
    setMode('view');
  };
  return (
    <div className="data-panel" data-testid="data.panel">
      <div className="data-toolbar">
        <strong>Dataset “{node.label ?? node.id}”</strong>
        <button
          type="button"
          data-testid="data.importCsv"
          onClick={() => setMode(mode === 'csv' ? 'view' : 'csv')}
        >
          Import CSV…
        </button>
        <button
          type="button"
          data-testid="data.importImages"
          onClick={() => setMode(mode === 'images' ? 'view' : 'images')}
        >
          Import image folder…
        </button>
      </div>
      {notice && (
        <div role="status">
          <p data-testid="data.notice">{notice.message}</p>
          {notice.details.length > 0 && (
            <ul className="data-issues" data-testid="data.notice.details">
              {notice.details.map((d) => (
                <li key={d} className="warning">
                  {d}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {mode === 'csv' && <CsvImportDialog nodeId={node.id} onDone={done} onCancel={() => setMode('view')} />}
      {mode === 'images' && <ImageImportDialog nodeId={node.id} onDone={done} />}
      {mode === 'view' && <PreviewView preview={preview} />}
      {mode === 'view' && preview !== null && preview !== 'loading' && !('error' in preview) && (
        <AugmentedPreview doc={doc} dataset={preview.dataset} />
      )}
    </div>
  );
}

function PreviewView({ preview }: { preview: DataPreview | { error: string } | 'loading' | null }) {
  if (preview === null || preview === 'loading') return <p className="dim">Loading the data…</p>;
  if ('error' in preview) {
    return (
      <p className="dim" data-testid="data.previewError">
        {preview.error}
      </p>
    );
  }
  const { dataset: ds, stats, warnings, splits } = preview;
  return (
    <div className="data-preview">
      <p data-testid="data.summary">
        {ds.name}: {ds.count.toLocaleString('en-US')} samples of shape [{ds.featureShape.join(', ')}],{' '}
        {ds.task}
        {ds.task === 'classification' ? ` with ${ds.numClasses} classes` : ''}. Split: {splits.train.length}{' '}
        train, {splits.validation.length} validation, {splits.test.length} test.
      </p>
      {warnings.length > 0 && (
        <ul className="data-issues" data-testid="data.warnings">
          {warnings.map((w, i) => (
            <li key={i} className="warning">
              {w.message}
            </li>
          ))}
        </ul>
      )}
      <div className="data-columns">
        <section>
          <h4>Samples</h4>
          <SamplePreview ds={ds} />
        </section>
        {stats.classCounts.length > 0 && (
          <section>
            <h4>Classes</h4>
            <ClassHistogram ds={ds} stats={stats} />
          </section>
        )}
        <section>
          <h4>Features</h4>
          <FeatureStats stats={stats} />
        </section>
      </div>
    </div>
  );
}
