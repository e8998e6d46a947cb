import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { compileGraph } from '../../../graph-core/src/compile';
import { parseProject } from '../../../graph-core/src/document';
import type { GraphDocument } from '../../../graph-core/src/document';
import { decodeWeights, WeightsError, type NamedWeight } from '../../../graph-core/src/weights';
import type { GraphAnalysis } from '../../../graph-core/src/analysis';
import type { DataIO } from '../../../graph-core/src/data';
import { analyzeWithData } from '../cli/analysis-context';
import { cliWorkspaceDir, findAssetsDir, nodeDataIO } from '../cli/node-io';
import { HostError } from '../contract/api';
import { readInside } from '../fs/contained';
import { containedRunFolderFiles } from '../fs/run-folder-files';
import { modelJsonPath, readRunFolder, RUN_FILES } from '../../../graph-core/src/runs';
import { readProjectFile } from '../cli/project';
import { readSidecarWeights } from '../workspace/weights-sidecar';
import { exportBackendReady, weightsOfModel } from './model-weights';

/** What every export format starts from: one graph and the weights to write with it. */
export interface ExportSource {
  kind: 'run' | 'project';
  /** The run folder (absolute), or the project as the user named it. */
  path: string;
  document: GraphDocument;
  /** tfjs names and layouts (`d1/kernel`, `[in, out]`), in the model's order. */
  weights: NamedWeight[];
  /** One sample's shape as the model takes it, without the batch (e.g. `[28, 28, 1]`). */
  featureShape: number[];
  /** A run's summary.json, as the trainer wrote it. */
  runSummary?: Record<string, unknown>;
  /** Where the graph's relative data paths (CSV, image folders) are read from. */
  projectDir: string;
  /**
   * The graph's data as the loader read it: assets, `datasetId` datasets of the right workspace,
   * paths inside `projectDir`. Writers that ship the data (PyTorch) read it through this.
   */
  dataIo: DataIO;
}

/** Not a source we can read: a missing or damaged file or folder (CLI exit 2). */
export class ExportSourceError extends Error {
  override readonly name = 'ExportSourceError';
}

/** A project whose graph has errors: nothing can be exported from it (CLI exit 1). */
export class ExportGraphError extends Error {
  override readonly name = 'ExportGraphError';
  constructor(
    message: string,
    readonly document: GraphDocument,
    readonly analysis: GraphAnalysis,
  ) {
    super(message);
  }
}

export interface LoadSourceOptions {
  /** Where `datasetId` datasets live (default: the CLI's workspace). */
  workspace?: string | null;
  /** Overrides where data paths are read from (the app knows a run's project folder). */
  projectDir?: string;
  /** The folder holding `datasets/` (default: found from this file, or LAYERLOOM_ASSETS). */
  assetsDir?: string | null;
  /** The CLI's `--allow-data-outside`: data paths may leave the project's folder (as for `train`). */
  allowDataOutside?: boolean;
  /** Told of each image file the data leaves out (`Dataset "ID": skipped "PATH": REASON`). */
  warn?: (message: string) => void;
}

/**
 * A run folder (graph.layerloom + its trained model/) or a project file (fresh weights from the
 * graph's seed). Every failure names the file and says what is wrong with it.
 */
export async function loadExportSource(
  source: string,
  options: LoadSourceOptions = {},
): Promise<ExportSource> {
  await exportBackendReady();
  const abs = path.resolve(source);
  const stat = await fsp.stat(abs).catch(() => null);
  if (!stat) throw new ExportSourceError(`${source}: no such file or folder`);
  return stat.isDirectory() ? loadRunFolder(abs, source, options) : loadProjectFile(abs, source, options);
}

async function loadRunFolder(dir: string, shown: string, options: LoadSourceOptions): Promise<ExportSource> {
  // graph-core's one run reader, over the host's containment check: a link in a run folder that
  // leads outside it reads as absent, never followed.
  const files = containedRunFolderFiles(dir);
  const run = await readRunFolder(files, { id: path.basename(dir) });
  if (run.graph === null)
    throw new ExportSourceError(`${shown}: not a run folder (no ${RUN_FILES.graph}) and not a project file`);
  const parsed = parseProject(run.graph);
  if (!parsed.ok) throw new ExportSourceError(`${shown}/${RUN_FILES.graph}: ${parsed.error}`);
  const modelText = run.hasModel ? await files.readText(modelJsonPath('model')) : null;
  if (modelText === null)
    throw new ExportSourceError(
      `${shown}: the run has no trained model (${modelJsonPath('model')}); it may have failed before its first epoch`,
    );
  const model = parseModelJson(modelText, `${shown}/${modelJsonPath('model')}`);
  const shards: Uint8Array[] = [];
  for (const file of model.paths) {
    const rel = `${RUN_FILES.model}/${file}`;
    const bytes = await readInside(dir, rel).catch(() => null);
    if (bytes === null) throw new ExportSourceError(`${shown}/${rel}: missing or outside the run folder`);
    shards.push(new Uint8Array(bytes));
  }
  let weights: NamedWeight[];
  try {
    weights = decodeWeights(model.specs, concat(shards));
  } catch (err) {
    if (err instanceof WeightsError)
      throw new ExportSourceError(`${shown}/${RUN_FILES.model}: ${err.message}`);
    throw err;
  }
  return {
    kind: 'run',
    path: dir,
    document: parsed.doc,
    weights,
    featureShape: model.featureShape,
    ...(run.summaryJson ? { runSummary: run.summaryJson } : {}),
    projectDir: options.projectDir ?? dir,
    dataIo: dataIoFor(options.projectDir ?? dir, options),
  };
}

async function loadProjectFile(
  file: string,
  shown: string,
  options: LoadSourceOptions,
): Promise<ExportSource> {
  const project = await readProjectFile(file);
  if (!project.ok) throw new ExportSourceError(project.error.replace(file, shown));
  return compileProject(project.doc, project.weights, shown, {
    ...options,
    projectDir: options.projectDir ?? path.dirname(file),
  });
}

/**
 * A project's text (the app sends the open document), with the weights its sidecar carries when it
 * is saved as `projectFile` (version 2).
 */
export async function loadProjectText(
  text: string,
  shown: string,
  options: LoadSourceOptions & { projectDir: string; projectFile?: string },
): Promise<ExportSource> {
  const parsed = parseProject(text);
  if (!parsed.ok) throw new ExportSourceError(`${shown}: ${parsed.error}`);
  if (parsed.doc.weights && !options.projectFile)
    throw new ExportSourceError(
      `${shown} carries weights in a file beside it but is not saved in the workspace; save it first`,
    );
  let weights: NamedWeight[] = [];
  try {
    if (options.projectFile) weights = await readSidecarWeights(options.projectFile, parsed.doc);
  } catch (err) {
    if (err instanceof HostError) throw new ExportSourceError(`${shown}: ${err.message}`);
    throw err;
  }
  return compileProject(parsed.doc, weights, shown, options);
}

/**
 * Validated with its data as `validate` does, then compiled for the weights training would start
 * from: fresh from the Optimizer's seed, or carried for the nodes the project lists.
 */
async function compileProject(
  doc: GraphDocument,
  carried: readonly NamedWeight[],
  shown: string,
  options: LoadSourceOptions & { projectDir: string },
): Promise<ExportSource> {
  const { projectDir } = options;
  const io = dataIoFor(projectDir, options);
  const analysis = await analyzeWithData(doc, io);
  if (!analysis.valid) {
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
    throw new ExportGraphError(
      `${shown} has ${errors} error${errors === 1 ? '' : 's'}; nothing was exported`,
      doc,
      analysis,
    );
  }
  const compiled = compileGraph(doc, { analysis, weights: carried });
  try {
    const shape = compiled.model.inputs[0]!.shape.slice(1);
    return {
      kind: 'project',
      path: shown,
      document: doc,
      weights: weightsOfModel(compiled.model),
      featureShape: shape.map((d) => d ?? 1),
      projectDir,
      dataIo: io,
    };
  } finally {
    compiled.model.dispose();
  }
}

function dataIoFor(projectDir: string, options: LoadSourceOptions): DataIO {
  return nodeDataIO(
    projectDir,
    options.assetsDir ?? findAssetsDir(),
    cliWorkspaceDir(options.workspace ?? null),
    {
      ...(options.allowDataOutside ? { allowDataOutside: true } : {}),
      ...(options.warn ? { warn: options.warn } : {}),
    },
  );
}

interface ModelFacts {
  specs: { name: string; shape: number[]; dtype: string; quantization?: unknown }[];
  paths: string[];
  featureShape: number[];
}

/** The parts of a tfjs layers model.json an export needs: the weights manifest and the input shape. */
function parseModelJson(text: string, shown: string): ModelFacts {
  const json = jsonObject(text);
  const manifest = json?.['weightsManifest'];
  if (!json || !Array.isArray(manifest))
    throw new ExportSourceError(`${shown}: not a tfjs layers model (no weightsManifest)`);
  const groups = manifest as { paths?: unknown; weights?: unknown }[];
  const paths = groups.flatMap((g) => (Array.isArray(g.paths) ? (g.paths as string[]) : []));
  const specs = groups.flatMap((g) => (Array.isArray(g.weights) ? (g.weights as ModelFacts['specs']) : []));
  const featureShape = inputShapeOf(json['modelTopology']);
  if (!featureShape) throw new ExportSourceError(`${shown}: the model's input shape is not in its topology`);
  return { specs, paths, featureShape };
}

function inputShapeOf(topology: unknown): number[] | null {
  const layers = (topology as { config?: { layers?: unknown } } | undefined)?.config?.layers;
  if (!Array.isArray(layers)) return null;
  for (const layer of layers as { class_name?: string; config?: { batch_input_shape?: unknown } }[]) {
    const shape = layer.config?.batch_input_shape;
    if (layer.class_name === 'InputLayer' && Array.isArray(shape))
      return (shape as (number | null)[]).slice(1).map((d) => d ?? 1);
  }
  return null;
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
