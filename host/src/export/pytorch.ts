import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { loadDataForGraph, type DataIO, type PreparedData } from '../../../graph-core/src/data';
import type { GraphDocument } from '../../../graph-core/src/document';
import { buildPytorchProject, type RunSummaryLike } from '../../../graph-core/src/export';
import type { NamedWeight } from '../../../graph-core/src/weights';
import { writeFileAtomic } from '../fs/atomic-write';

export { PytorchExportError } from '../../../graph-core/src/export';

export interface WritePytorchProjectArgs {
  document: GraphDocument;
  /** tfjs-named weights (`<node id>/<weight>`), trained or fresh from the graph's seed. */
  weights: readonly NamedWeight[];
  /** The run's prepared data; when absent it is loaded through `io` with Layerloom's own pipeline. */
  data?: PreparedData;
  io?: DataIO;
  runSummary?: RunSummaryLike;
}

/**
 * Writes the PyTorch project for a graph into `outDir` (created when missing): model.py,
 * weights.npz, data.py + data.npz (the run's splits, from graph-core's data pipeline), losses.py,
 * train.py, config.json, graph.layerloom, README.md. Returns the written paths, relative to outDir.
 * Throws PytorchExportError (node + field) for graphs torch cannot express, DataPipelineError for
 * data that cannot be loaded; nothing is written before the whole project has been built.
 */
export async function writePytorchProject(args: WritePytorchProjectArgs, outDir: string): Promise<string[]> {
  let data = args.data;
  if (!data) {
    if (!args.io) throw new Error('writePytorchProject needs either data or io to load it');
    data = await loadDataForGraph(args.document, args.io);
  }
  const files = buildPytorchProject({
    document: args.document,
    weights: args.weights,
    data,
    ...(args.runSummary ? { runSummary: args.runSummary } : {}),
  });
  await fsp.mkdir(outDir, { recursive: true });
  for (const f of files) {
    await writeFileAtomic(path.join(outDir, f.path), f.contents, { backup: false });
  }
  return files.map((f) => f.path);
}
