// Analysis is synchronous and pure, but a csv/images Dataset's shape lives in a file. Hosts read
// those facts once (here, through the same ImportIO the pipeline uses) and hand analysis a context
// that answers from memory.
import type { AnalysisContext, DatasetInfo, GraphAnalysis } from '../analysis/types';
import { perAxis, resolveParams } from '../catalogue/index';
import type { GraphDocument, GraphNode, JsonValue } from '../document/types';
import { readCsvDataset } from './csv/index';
import { DatasetMetaSchema } from './format';
import { planImageImport } from './images/index';
import { locateDataset } from './locate';
import type { DataIssue } from './issues';
import { decodeUtf8, type ImportIO } from './sources';
import type { Dataset } from './types';
import { capMessage, excerpt } from './excerpt';

/** Why a Dataset node's facts could not be read; names the node and the field. */
export interface DatasetInfoProblem {
  nodeId: string;
  field: 'path' | 'datasetId' | 'labelColumn' | 'featureColumns';
  message: string;
}

export interface DatasetInfoResult {
  /** What each readable csv/images Dataset node gives, by node id. */
  infos: Record<string, DatasetInfo>;
  problems: DatasetInfoProblem[];
}

const str = (v: JsonValue | undefined): string => (typeof v === 'string' ? v : '');

export function infoOfDataset(
  ds: Pick<Dataset, 'featureShape' | 'numClasses' | 'task' | 'classNames'>,
): DatasetInfo {
  const info: DatasetInfo = { featureShape: [...ds.featureShape], numClasses: ds.numClasses, task: ds.task };
  if (ds.classNames.length > 0) info.classNames = [...ds.classNames];
  return info;
}

/** Facts from a workspace dataset's metadata alone (the data bytes are not needed). */
export function infoOfStoredMeta(meta: unknown): DatasetInfo | null {
  const parsed = DatasetMetaSchema.safeParse(meta);
  return parsed.success ? infoOfDataset(parsed.data) : null;
}

function firstMessages(issues: readonly DataIssue[]): string {
  return issues
    .slice(0, 2)
    .map((i) => capMessage(i.message, 500))
    .join(' ');
}

type Outcome = DatasetInfo | Omit<DatasetInfoProblem, 'nodeId'>;

/** Reads one csv/images Dataset node's facts from where the pipeline would load it. */
async function readOne(node: GraphNode, io: ImportIO): Promise<Outcome | null> {
  const p = resolveParams(node);
  const source = str(p['source']);
  const label = `Dataset "${node.id}"`;
  const at = await locateDataset(node, io);
  if (at.from === 'workspace')
    return (
      infoOfStoredMeta(at.stored.meta) ?? {
        field: 'datasetId',
        message: `${label}: imported dataset "${at.id}" is damaged (meta.json).`,
      }
    );
  if (at.from === 'nowhere')
    return at.missingId
      ? {
          field: 'datasetId',
          message: `${label}: imported dataset "${at.missingId}" is not in this workspace.`,
        }
      : null;
  const { path } = at;
  if (source === 'csv') {
    const labelColumn = str(p['labelColumn']);
    if (!labelColumn) return null;
    let text: string;
    try {
      text = decodeUtf8(await io.readFile(path));
    } catch (e) {
      return { field: 'path', message: `${label}: cannot read ${excerpt(path)}: ${(e as Error).message}` };
    }
    const features = p['featureColumns'];
    const r = readCsvDataset(text, {
      labelColumn,
      featureColumns: Array.isArray(features) && features.length > 0 ? features.map(String) : undefined,
    });
    if (r.ok) return infoOfDataset(r.value);
    const column = r.errors.find((e) => e.line === undefined && e.column)?.column;
    const field = column === undefined ? 'path' : column === labelColumn ? 'labelColumn' : 'featureColumns';
    return { field, message: `${label}: ${excerpt(path)}: ${firstMessages(r.errors)}` };
  }
  if (source !== 'images' || !io.listFolder) return null;
  let files;
  try {
    files = await io.listFolder(path);
  } catch (e) {
    return {
      field: 'path',
      message: `${label}: cannot read the folder ${excerpt(path)}: ${(e as Error).message}`,
    };
  }
  // Class folders decide the labels; decoding every image only to learn the shape is not needed.
  const classes = [...new Set(planImageImport(files).images.map((i) => i.className))].sort();
  if (classes.length === 0)
    return { field: 'path', message: `${label}: ${excerpt(path)} has no class folder with images in it.` };
  const [h, w] = perAxis(p['imageSize'], 2, [28, 28]);
  return {
    featureShape: [h ?? 28, w ?? 28, p['channels'] === 3 ? 3 : 1],
    numClasses: classes.length,
    task: 'classification',
    classNames: classes,
  };
}

/** Reads what every csv/images Dataset node in `doc` gives; unreadable ones come back as problems. */
export async function readDatasetInfo(doc: GraphDocument, io: ImportIO): Promise<DatasetInfoResult> {
  const result: DatasetInfoResult = { infos: {}, problems: [] };
  for (const node of doc.nodes) {
    if (node.type !== 'Dataset') continue;
    const source = str(resolveParams(node)['source']);
    if (source !== 'csv' && source !== 'images') continue;
    const outcome = await readOne(node, io);
    if (!outcome) continue;
    if ('message' in outcome) result.problems.push({ nodeId: node.id, ...outcome });
    else result.infos[node.id] = outcome;
  }
  return result;
}

/** An analysis context answering from facts read beforehand. */
export function datasetInfoContext(infos: Readonly<Record<string, DatasetInfo>>): AnalysisContext {
  return { datasetInfo: (node) => infos[node.id] ?? null };
}

/** A Dataset that cannot be read is an error on its node: training would fail on it the same way. */
export function withDataProblems(
  analysis: GraphAnalysis,
  problems: readonly DatasetInfoProblem[],
): GraphAnalysis {
  if (problems.length === 0) return analysis;
  return {
    ...analysis,
    valid: false,
    diagnostics: [
      ...problems.map((p) => ({
        nodeId: p.nodeId,
        field: p.field,
        severity: 'error' as const,
        message: p.message,
      })),
      ...analysis.diagnostics,
    ],
  };
}
