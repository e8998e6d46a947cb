import { useState } from 'react';
import {
  importImageFolder,
  relativeToPickedFolder,
  type ImageImportReport,
} from '../../../../graph-core/src/data';
import { useServices } from '../../shell/context';
import { useEditorStore } from '../../store/useEditor';
import { decodeImageBrowser, filesFromFolderInput } from './browserIO';
import { applyImportToNode, saveToWorkspace } from './saveImport';

export function ImageImportDialog({
  nodeId,
  onDone,
}: {
  nodeId: string;
  onDone: (message: string, details?: string[]) => void;
}) {
  const { host, actions } = useServices();
  const store = useEditorStore();
  const [size, setSize] = useState(28);
  const [channels, setChannels] = useState<1 | 3>(1);
  const [progress, setProgress] = useState<string | null>(null);
  const [report, setReport] = useState<ImageImportReport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function pick(list: FileList | null) {
    if (!list || list.length === 0) return;
    setFailure(null);
    setReport(null);
    const files = Array.from(list);
    const paths = files.map((f) => f.webkitRelativePath || f.name);
    const folder = paths[0]?.split('/')[0] ?? 'images';
    const sources = filesFromFolderInput(files, relativeToPickedFolder(paths));
    try {
      const { dataset, report: r } = await importImageFolder(sources, decodeImageBrowser, {
        imageSize: [size, size],
        channels,
        name: folder,
        onProgress: (done, total) => setProgress(`Reading images… ${done} / ${total}`),
      });
      setReport(r);
      setProgress(null);
      if (!dataset) {
        setFailure('No image in the folder could be read; see the skipped files below.');
        return;
      }
      const id = await saveToWorkspace(host, dataset, { kind: 'images', folder, skipped: r.skipped.length });
      applyImportToNode(store, actions, nodeId, {
        source: 'images',
        path: `${folder}/`,
        datasetId: id,
        imageSize: [size, size],
        channels,
      });
      onDone(
        `Imported ${r.imported} images in ${r.classes.length} classes from ${folder}/ (${r.found} files, ${r.skipped.length} skipped).`,
        r.skipped.map((s) => `${s.path}: ${s.reason}`),
      );
    } catch (e) {
      setProgress(null);
      setFailure(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <section className="data-dialog" aria-label="Import image folder" data-testid="data.images.dialog">
      <p className="dim">Choose a folder with one sub-folder per class (PNG, JPEG or WebP).</p>
      <label>
        Size{' '}
        <input
          type="number"
          min={4}
          max={256}
          value={size}
          data-testid="data.images.size"
          onChange={(e) => setSize(Math.max(4, Math.min(256, Number(e.target.value) || 28)))}
        />{' '}
        px square
      </label>
      <label>
        Colour{' '}
        <select
          value={channels}
          data-testid="data.images.channels"
          onChange={(e) => setChannels(e.target.value === '3' ? 3 : 1)}
        >
          <option value={1}>grayscale</option>
          <option value={3}>RGB</option>
        </select>
      </label>
      <label>
        Folder{' '}
        <input
          type="file"
          data-testid="data.images.folder"
          // Non-standard attributes React does not type; every Chromium-based host supports them.
          {...{ webkitdirectory: '', directory: '' }}
          multiple
          onChange={(e) => void pick(e.target.files)}
        />
      </label>
      {progress && <p role="status">{progress}</p>}
      {failure && <p className="error">{failure}</p>}
      {report && (
        <div data-testid="data.images.report">
          <p>
            {report.found} files: {report.imported} imported, {report.skipped.length} skipped.{' '}
            {report.classes.map((c) => `${c.name}: ${c.count}`).join(', ')}
          </p>
          {report.skipped.length > 0 && (
            <ul className="data-issues">
              {report.skipped.map((s) => (
                <li key={s.path} className="warning">
                  {s.path}: {s.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
