import { stat } from 'node:fs/promises';
import {
  importImageFolder,
  type ImageImportOptions,
  type ImageImportReport,
} from '../../../graph-core/src/data';
import type { Dataset } from '../../../graph-core/src/data';
import { decodeImageNode } from './decode';
import { listImageFolder } from './folder';

export type FolderImport =
  | { ok: true; dataset: Dataset; report: ImageImportReport }
  | { ok: false; error: string; report?: ImageImportReport };

/** Imports an image folder from disk (one sub-folder per class); user mistakes come back as text. */
export async function importImageFolderFromDisk(
  dir: string,
  options: ImageImportOptions,
): Promise<FolderImport> {
  const info = await stat(dir).catch(() => null);
  if (!info) return { ok: false, error: `The image folder "${dir}" does not exist.` };
  if (!info.isDirectory())
    return { ok: false, error: `"${dir}" is a file; choose a folder with one sub-folder per class.` };
  const files = await listImageFolder(dir);
  const { dataset, report } = await importImageFolder(files, decodeImageNode, options);
  if (!dataset) {
    return {
      ok: false,
      error: `No image in "${dir}" could be imported (${files.length} files seen, ${report.skipped.length} skipped).`,
      report,
    };
  }
  return { ok: true, dataset, report };
}
