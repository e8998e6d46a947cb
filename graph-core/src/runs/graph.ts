import { serializeProject } from '../document/serialize';
import type { GraphDocument } from '../document/types';

/**
 * The text of a run's `graph.layerloom`: the graph as trained, less the carried-weights reference.
 * The sidecar it names lives beside the project, not the run, and the run's trained weights are in
 * its `model/` folder, so the run's graph reopens as a plain project (docs/HOST.md). One rule for
 * the CLI and the app's worker.
 */
export function runGraphText(doc: GraphDocument): string {
  const { weights: _carried, ...graph } = doc;
  return serializeProject(graph);
}
