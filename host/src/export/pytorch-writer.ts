import { writePytorchProject } from './pytorch';
import type { ExportSource } from './source';

/**
 * `--format pytorch`: the project for the source's graph and weights, with the data its run used,
 * loaded through the source's data access (its project folder, the workspace's datasets) by
 * graph-core's own pipeline.
 */
export function writePytorchExport(source: ExportSource, outDir: string): Promise<string[]> {
  const final = source.runSummary?.['final'];
  const epochs = source.runSummary?.['epochs'];
  const backend = source.runSummary?.['backend'];
  return writePytorchProject(
    {
      document: source.document,
      weights: source.weights,
      io: source.dataIo,
      ...(source.runSummary
        ? {
            runSummary: {
              ...(final && typeof final === 'object' ? { final: final as never } : {}),
              ...(typeof epochs === 'number' ? { epochs } : {}),
              ...(typeof backend === 'string' ? { backend } : {}),
            },
          }
        : {}),
    },
    outDir,
  );
}
