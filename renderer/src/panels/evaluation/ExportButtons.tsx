import { useState } from 'react';
import type { HostApi } from '../../../../host/src/contract';
import { buildOfflinePage } from './exportHtml';

/** Weights (model.json + .bin) to exports/ or a chosen folder, and the offline HTML page. */
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
            const dialog = (await info).dialogs;
            const dest = await host.exportWeights({ runId, dialog, name: runId });
            return dest ? `Weights saved to ${dest.location}` : null;
          })
        }
      >
        Export weights
      </button>
      <button
        type="button"
        data-testid="eval.exportHtml"
        onClick={() =>
          run(async () => {
            const [model, listing] = await Promise.all([
              host.loadRunModel({ runId }),
              host.readRun({ runId }),
            ]);
            const page = buildOfflinePage(listing.meta.name, model, classNames);
            if ('error' in page) return `Cannot export a page: ${page.error}`;
            const dest = await host.exportFile({
              suggestedName: `${runId}.html`,
              content: page.html,
              dialog: (await info).dialogs,
              filters: [{ name: 'Web page', extensions: ['html'] }],
            });
            return dest ? `Page saved to ${dest.location}` : null;
          })
        }
      >
        Export HTML page
      </button>
      {note && <span data-testid="eval.exportNote">{note}</span>}
    </span>
  );
}
