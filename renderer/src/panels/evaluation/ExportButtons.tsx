import { useState } from 'react';
import type { HostApi } from '../../../../host/src/contract';
import { buildOfflinePage } from './exportHtml';
import { modelFiles } from '../../files/modelFiles';
import { saveFiles } from '../../files/saveFiles';

/**
 * Weights (model.json + .bin) to a chosen folder (Electron) or downloaded as a zip (browser), and
 * the offline HTML page (saved or downloaded).
 */
export function ExportButtons({
  host,
  runId,
  classNames,
}: {
  host: HostApi;
  runId: string;
  classNames: readonly string[];
}) {
  const [note, setNote] = useState<string | null>(null);
  const run = (job: () => Promise<string | null>) =>
    void job().then(setNote, (e: unknown) => setNote(`Export failed: ${(e as Error).message}`));
  const info = host.hostInfo({});
  return (
    <span className="eval-export">
      <button
        type="button"
        data-testid="eval.exportWeights"
        onClick={() =>
          run(async () => {
            if ((await info).dialogs) {
              const dest = await host.exportWeights({ runId, dialog: true, name: runId });
              return dest ? `Weights saved to ${dest.location}` : null;
            }
            const files = modelFiles(await host.loadRunModel({ runId }), runId);
            return saveFiles(host, files, { zipName: `${runId}-weights` });
          })
        }
      >
        Export weights
      </button>
      <button
        type="button"
        data-testid="eval.exportHtml"
        onClick={() => run(() => saveOfflinePage(host, runId, classNames))}
      >
        Export HTML page
      </button>
      {note && <span data-testid="eval.exportNote">{note}</span>}
    </span>
  );
}

/**
 * The offline HTML page of a run (it classifies what you draw): saved (Electron) or downloaded.
 * Without the evaluated class names the page names classes by their index.
 */
export async function saveOfflinePage(
  host: HostApi,
  runId: string,
  classNames: readonly string[],
): Promise<string | null> {
  const [model, listing] = await Promise.all([host.loadRunModel({ runId }), host.readRun({ runId })]);
  const page = buildOfflinePage(listing.meta.name, model, classNames);
  if ('error' in page) return `Cannot export a page: ${page.error}`;
  return saveFiles(host, [{ name: `${runId}.html`, content: page.html }], {
    zipName: runId,
    filters: [{ name: 'Web page', extensions: ['html'] }],
  });
}
