import type { HostApi } from '../../../../host/src/contract';
import { isBuiltinSource, loadBuiltinDataset } from '../../../../graph-core/src/data/builtin/index';
import { decodeDataset } from '../../../../graph-core/src/data/format';
import type { DataIssue } from '../../../../graph-core/src/data/issues';
import { datasetSettings, prepare } from '../../../../graph-core/src/data/pipeline';
import { computeStats, type DatasetStats } from '../../../../graph-core/src/data/stats';
import type { Dataset, Splits } from '../../../../graph-core/src/data/types';
import { datasetWarnings } from '../../../../graph-core/src/data/warnings';
import type { GraphNode } from '../../../../graph-core/src/document/types';

export interface DataPreview {
  dataset: Dataset;
  stats: DatasetStats;
  warnings: DataIssue[];
  splits: Splits;
}

/** What the panel can show for a Dataset node without training: the data, its statistics and warnings. */
export async function loadPreview(node: GraphNode, host: HostApi): Promise<DataPreview | { error: string }> {
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
    const id = node.params['datasetId'];
    if (typeof id !== 'string' || id === '') {
      return {
        error: `Import a ${settings.source === 'csv' ? 'CSV file' : 'folder of images'} to see its data here.`,
      };
    }
    const stored = await host.readDataset({ id }).catch(() => null);
    if (!stored)
      return { error: `The imported dataset "${id}" is not in this workspace; import the file again.` };
    const decoded = decodeDataset(stored.meta, stored.data);
    if (!decoded.ok) return { error: decoded.errors.map((e) => e.message).join(' ') };
    dataset = decoded.value;
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
