import { analyzeGraph } from '../../../graph-core/src/analysis/index';
import type { GraphAnalysis } from '../../../graph-core/src/analysis/types';
import {
  datasetInfoContext,
  readDatasetInfo,
  withDataProblems,
} from '../../../graph-core/src/data/dataset-info';
import type { ImportIO } from '../../../graph-core/src/data/sources';
import type { GraphDocument } from '../../../graph-core/src/document/types';

/**
 * Analyses `doc` knowing what its csv/images/workspace datasets give (read through `io`), so
 * shapes after the Input are known. A Dataset whose file cannot be read is an error on that node:
 * training would fail on it the same way.
 */
export async function analyzeWithData(doc: GraphDocument, io: ImportIO): Promise<GraphAnalysis> {
  const { infos, problems } = await readDatasetInfo(doc, io);
  return withDataProblems(analyzeGraph(doc, datasetInfoContext(infos)), problems);
}
