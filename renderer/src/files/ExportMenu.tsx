import { useState } from 'react';
import type { HostApi } from '../../../host/src/contract';
import { Menu, type MenuEntry } from '../shell/Menu';
import { serializeProject } from '../core/document';
import { useServices } from '../shell/context';
import { useEditorStore } from '../store/useEditor';
import {
  EXPORT_FORMAT_LABELS,
  exportModelFiles,
  type ExportFormatId,
  type ExportSourceArg,
} from './exportModel';

export const EXPORT_FORMATS: readonly ExportFormatId[] = ['pytorch', 'onnx', 'tfjs'];

/** What an export job tells the person: a sentence, or null when they cancelled a dialog. */
export type Report = (text: string | null) => void;

/** Runs one export job, saying that it started, where it went, or why it failed. */
export function reportingJob(report: Report, job: () => Promise<string | null>): void {
  report('Exporting…');
  void job().then(report, (e: unknown) => report(`Export failed: ${(e as Error).message}`));
}

/** The entries for the three model formats; `source` is read when an entry is chosen. */
export function formatEntries(
  host: HostApi,
  source: () => ExportSourceArg,
  testId: string,
  report: Report,
): MenuEntry[] {
  return EXPORT_FORMATS.map((format) => ({
    key: format,
    label: `${EXPORT_FORMAT_LABELS[format]}…`,
    testId: `${testId}.${format}`,
    onSelect: () => reportingJob(report, () => exportModelFiles(host, source(), format)),
  }));
}

/**
 * The canvas's Export menu: the open graph with the weights it would start training from (fresh
 * from its seed, or the ones it carries). A trained model is exported from its run instead.
 */
export function CanvasExportMenu() {
  const { host } = useServices();
  const store = useEditorStore();
  const [note, setNote] = useState<string | null>(null);
  const source = (): ExportSourceArg => {
    const { doc, projectId } = store.getState();
    return { project: serializeProject(doc), projectId };
  };
  return (
    <span className="export-menu">
      <Menu
        label="Export"
        testId="canvas.export"
        empty=""
        entries={formatEntries(host, source, 'canvas.export', setNote)}
      />
      {note && (
        <span className="export-note" data-testid="canvas.exportNote" title={note}>
          {note}
        </span>
      )}
    </span>
  );
}
