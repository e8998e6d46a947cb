import type { HostApi } from '../../../../host/src/contract';
import { isBuiltinSource, loadBuiltinDataset } from '../../../../graph-core/src/data';
import type { DataIssue } from '../../../../graph-core/src/data';
import { datasetSettings, prepare } from '../../../../graph-core/src/data';
import { loadImportedDataset, type ImportIO } from '../../../../graph-core/src/data';
import { computeStats, type DatasetStats } from '../../../../graph-core/src/data';
import type { Dataset, Splits } from '../../../../graph-core/src/data';
import { datasetWarnings } from '../../../../graph-core/src/data';
import type { GraphNode } from '../../../../graph-core/src/document';
import { projectDataIO } from '../../data/projectDataIO';
import { browserImportIO } from './browserIO';

export interface DataPreview {
  dataset: Dataset;
  stats: DatasetStats;
  warnings: DataIssue[];
  splits: Splits;
}

class PreviewProblem extends Error {}

/**
 * A csv/images Dataset loaded the way training loads it: the workspace copy, else the path beside
 * the project, parsed by the same graph-core code an upload goes through.
 */
async function loadUserData(
  node: GraphNode,
  source: string,
  host: HostApi,
  projectId: string | null,
): Promise<{ dataset: Dataset } | { error: string }> {
  const { datasetId, path } = node.params;
  if (!datasetId && !path)
    return { error: `Import a ${source === 'csv' ? 'CSV file' : 'folder of images'} to see its data here.` };
  const io: ImportIO = { ...browserImportIO(host), ...projectDataIO(host, projectId, { folderBytes: true }) };
  try {
    return {
      dataset: await loadImportedDataset(node, io, (message) => {
        throw new PreviewProblem(message);
      }),
    };
  } catch (e) {
    if (e instanceof PreviewProblem) return { error: e.message };
    throw e;
  }
}

/** What the panel can show for a Dataset node without training: the data, its statistics and warnings. */
export async function loadPreview(
  node: GraphNode,
  host: HostApi,
  projectId: string | null = null,
): Promise<DataPreview | { error: string }> {
  let settings;
  try {
    settings = datasetSettings(node);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  let dataset: Dataset;
  if (isBuiltinSource(settings.source)) {
    dataset = await loadBuiltinDataset(settings.source, settings, {
      readAsset: async (name) =>
        (await host.readDatasetAsset({ name: name.replace(/^datasets\//, '') })).bytes,
    });
  } else {
    const loaded = await loadUserData(node, settings.source, host, projectId);
    if ('error' in loaded) return loaded;
    dataset = loaded.dataset;
  }
  const stats = computeStats(dataset);
  let splits: Splits;
  try {
    splits = prepare(dataset, settings, node.id).splits;
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  return { dataset, stats, warnings: datasetWarnings(dataset, stats, splits), splits };
}
