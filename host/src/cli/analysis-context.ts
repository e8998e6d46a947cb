import { analyzeGraph } from '../../../graph-core/src/analysis';
import type { GraphAnalysis } from '../../../graph-core/src/analysis';
import { datasetInfoContext, readDatasetInfo, withDataProblems } from '../../../graph-core/src/data';
import type { ImportIO } from '../../../graph-core/src/data';
import type { GraphDocument } from '../../../graph-core/src/document';

/**
 * Analyses `doc` knowing what its csv/images/workspace datasets give (read through `io`), so
 * shapes after the Input are known. A Dataset whose file cannot be read is an error on that node:
 * training would fail on it the same way.
 */
export async function analyzeWithData(doc: GraphDocument, io: ImportIO): Promise<GraphAnalysis> {
  const { infos, problems } = await readDatasetInfo(doc, io);
  return withDataProblems(analyzeGraph(doc, datasetInfoContext(infos)), problems);
}
