/**
 * The one way the app hands files to the user: in Electron through the host's save dialog, in a
 * browser as a download (one file as it is, several as one zip). Exports (weights, HTML page,
 * charts, the export zip) all go through `saveFiles`, so browser mode never just prints a path on
 * the server.
 */
import { strToU8, zipSync } from 'fflate';
import type { HostApi } from '../../../host/src/contract';

/** A file the app made, named as it should land (a relative path inside a zip may use `/`). */
export interface OutFile {
  name: string;
  content: string | Uint8Array;
}

export interface SaveOptions {
  /** The name of the zip when there are several files (".zip" is added when missing). */
  zipName: string;
  /** Save-dialog filters for a single file (Electron). */
  filters?: { name: string; extensions: string[] }[];
}

/** Where the files went, as a sentence for the UI; null when the user cancelled a dialog. */
export type SaveOutcome = string | null;

/** Several files as one zip (deterministic: fixed timestamps, names in the given order). */
export function zipFiles(files: readonly OutFile[]): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  const mtime = new Date('2000-01-01T00:00:00Z');
  for (const f of files) {
    if (f.name in entries) throw new Error(`two files are named "${f.name}" in one zip`);
    entries[f.name] = [toBytes(f.content), { mtime }];
  }
  return zipSync(entries);
}

/** One file to give the user: the file itself, or the zip of several. */
export function bundle(files: readonly OutFile[], zipName: string): OutFile {
  if (files.length === 0) throw new Error('nothing to save');
  if (files.length === 1) return files[0] as OutFile;
  return { name: zipName.endsWith('.zip') ? zipName : `${zipName}.zip`, content: zipFiles(files) };
}

export async function saveFiles(
  host: HostApi,
  files: readonly OutFile[],
  opts: SaveOptions,
): Promise<SaveOutcome> {
  const one = bundle(files, opts.zipName);
  const { dialogs } = await host.hostInfo({});
  if (!dialogs) {
    downloadFile(one);
    return `Downloaded ${one.name}`;
  }
  const zipped = files.length > 1;
  const dest = await host.exportFile({
    suggestedName: one.name,
    content: one.content,
    dialog: true,
    ...(zipped
      ? { filters: [{ name: 'Zip archive', extensions: ['zip'] }] }
      : opts.filters
        ? { filters: opts.filters }
        : {}),
  });
  return dest ? `Saved to ${dest.location}` : null;
}

/** Starts a browser download of one file (an object URL on a temporary link). */
export function downloadFile(file: OutFile, doc: Document = document): void {
  const bytes = toBytes(file.content);
  const blob = new Blob([bytes.slice().buffer], { type: mimeOf(file.name) });
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = file.name.split('/').pop() ?? file.name;
  a.style.display = 'none';
  doc.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function toBytes(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? strToU8(content) : content;
}

const MIME: Record<string, string> = {
  zip: 'application/zip',
  json: 'application/json',
  html: 'text/html',
  csv: 'text/csv',
  svg: 'image/svg+xml',
  png: 'image/png',
  layerloom: 'application/json',
};

function mimeOf(name: string): string {
  return MIME[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}
