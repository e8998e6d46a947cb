import { perAxis, resolveParams } from '../catalogue/index';
import type { GraphNode, JsonValue } from '../document/types';
import { readCsvDataset } from './csv/index';
import { decodeDataset } from './format';
import { locateDataset } from './locate';
import { importImageFolder, summariseSkipped, type ImageDecoder, type ImageFileSource } from './images/index';
import type { DataIssue } from './issues';
import type { Dataset } from './types';
import { excerpt } from './excerpt';

/** What loading user data needs beyond `readFile`; every environment provides what it can. */
export interface ImportIO {
  readFile(path: string): Promise<Uint8Array>;
  /** Every file under an image folder (path relative to the project, as in the node). */
  listFolder?(path: string): Promise<ImageFileSource[]>;
  decodeImage?: ImageDecoder;
  /** `meta.json` and `data.bin` of a dataset kept in the workspace (`datasets/<id>/`). */
  readWorkspaceDataset?(id: string): Promise<{ meta: unknown; data: Uint8Array } | null>;
  /** Told each file left out of an import that still succeeded (a skipped image and why). */
  warn?(message: string): void;
}

/** Reports a user mistake on a node (and field); never returns. */
export type Fail = (message: string, nodeId: string | null, field?: string) => never;

function str(v: JsonValue | undefined): string {
  return typeof v === 'string' ? v : '';
}

function issueText(issues: DataIssue[]): string {
  const shown = issues.slice(0, 3).map((i) => i.message);
  return shown.join(' ') + (issues.length > 3 ? ` (${issues.length - 3} more problems)` : '');
}

/** Loads a `csv` or `images` Dataset from where `locateDataset` finds it. */
export async function loadImportedDataset(node: GraphNode, io: ImportIO, fail: Fail): Promise<Dataset> {
  const p = resolveParams(node);
  const source = str(p['source']);
  const label = `Dataset "${node.id}"`;
  const at = await locateDataset(node, io);
  if (at.from === 'workspace') {
    const ds = decodeDataset(at.stored.meta, at.stored.data);
    if (!ds.ok) fail(`${label}: imported dataset "${at.id}": ${issueText(ds.errors)}`, node.id, 'datasetId');
    return ds.value;
  }
  if (at.from === 'nowhere') {
    if (at.missingId)
      fail(
        `${label}: imported dataset "${at.missingId}" is not in this workspace, and no path is set.`,
        node.id,
        'datasetId',
      );
    fail(`${label}: choose a ${source === 'csv' ? 'CSV file' : 'folder of images'} (path).`, node.id, 'path');
  }
  const { path } = at;
  if (source === 'csv') {
    const labelColumn = str(p['labelColumn']);
    if (!labelColumn) fail(`${label}: choose the label column of ${excerpt(path)}.`, node.id, 'labelColumn');
    const bytes = await readOrFail(
      () => io.readFile(path),
      `${label}: cannot read ${excerpt(path)}`,
      node.id,
      fail,
    );
    const features = p['featureColumns'];
    const r = readCsvDataset(decodeUtf8(bytes), {
      labelColumn,
      featureColumns: Array.isArray(features) && features.length > 0 ? features.map(String) : undefined,
      name: baseName(path),
    });
    if (!r.ok) {
      // Errors without a line are about the chosen columns; the rest are about the file's content.
      const first = r.errors[0];
      const field =
        first?.line !== undefined || !first?.column
          ? 'path'
          : first.column === labelColumn
            ? 'labelColumn'
            : 'featureColumns';
      fail(`${label}: ${excerpt(path)}: ${issueText(r.errors)}`, node.id, field);
    }
    return r.value;
  }
  if (!io.listFolder || !io.decodeImage)
    fail(`${label}: image folders cannot be read here.`, node.id, 'source');
  const files = await readOrFail(
    () => io.listFolder!(path),
    `${label}: cannot read the folder ${excerpt(path)}`,
    node.id,
    fail,
  );
  const channels = p['channels'] === 3 ? 3 : 1;
  const [h, w] = perAxis(p['imageSize'], 2, [28, 28]);
  const imageSize: [number, number] = [h ?? 28, w ?? 28];
  const { dataset, report } = await importImageFolder(files, io.decodeImage!, {
    imageSize,
    channels,
    name: baseName(path),
  });
  if (!dataset) {
    const why = summariseSkipped(report.skipped).join('; ');
    fail(
      `${label}: no image in ${excerpt(path)} could be read (${report.found} files${why ? `: ${why}` : ''}).`,
      node.id,
      'path',
    );
  }
  for (const s of report.skipped) io.warn?.(`${label}: skipped ${excerpt(s.path)}: ${s.reason}`);
  return dataset;
}

async function readOrFail<T>(read: () => Promise<T>, what: string, nodeId: string, fail: Fail): Promise<T> {
  try {
    return await read();
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return fail(`${what}: ${reason}`, nodeId, 'path');
  }
}

/** Every runtime Layerloom targets has TextDecoder; graph-core's lib (ES only) just does not declare it. */
export function decodeUtf8(bytes: Uint8Array): string {
  const g = globalThis as unknown as { TextDecoder: new () => { decode(b: Uint8Array): string } };
  return new g.TextDecoder().decode(bytes);
}

function baseName(path: string): string {
  return (
    path
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() || path
  );
}
