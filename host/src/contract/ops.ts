import { z } from 'zod';
import { Bytes } from './bytes';
import type { HostOpName } from './channels';
import * as s from './schemas';

/**
 * The host contract: every operation the renderer may ask of the host, with a schema for its
 * argument and its result. The preload, the Electron main process, the local server and the HTTP
 * client are all derived from this one map.
 */
interface OpSpec<A extends z.ZodType, R extends z.ZodType> {
  args: A;
  result: R;
  /** Largest request body the HTTP server accepts for this op (binary uploads need more). */
  large?: boolean;
}

function op<A extends z.ZodType, R extends z.ZodType>(args: A, result: R, large = false): OpSpec<A, R> {
  return { args, result, large };
}

const runArg = { runId: s.RunId };
const cancellable = <T extends z.ZodType>(schema: T) => schema.nullable();

export const hostOps = {
  hostInfo: op(
    s.Empty,
    z.object({
      kind: z.enum(['electron', 'server']),
      version: z.string(),
      /** Native dialogs exist (Electron); in a browser the UI uploads and downloads instead. */
      dialogs: z.boolean(),
      workspace: z.string(),
      /** A file to open at start (Electron file association / command line), else null. */
      startupProjectId: s.ProjectId.nullable(),
      defaultSampleId: z.string().nullable(),
    }),
  ),

  listProjects: op(s.Empty, z.object({ projects: z.array(s.ProjectListing) })),
  openProject: op(
    z.union([z.object({ id: s.ProjectId }).strict(), z.object({ dialog: z.literal(true) }).strict()]),
    cancellable(s.ProjectFile),
  ),
  saveProject: op(
    z.object({ id: s.ProjectId, content: s.ProjectContent, recoveryKey: s.RecoveryKey.optional() }),
    s.ProjectRef.extend({ savedAt: z.string() }),
  ),
  /** Without a dialog the file goes to `projects/<name>.layerloom`; `overwrite` must be explicit. */
  saveProjectAs: op(
    z.object({
      name: s.DisplayName,
      content: s.ProjectContent,
      dialog: z.boolean().default(false),
      overwrite: z.boolean().default(false),
      recoveryKey: s.RecoveryKey.optional(),
    }),
    cancellable(s.ProjectRef.extend({ savedAt: z.string() })),
  ),
  recentFiles: op(s.Empty, z.object({ entries: z.array(s.RecentEntry) })),

  autosave: op(
    z.object({
      key: s.RecoveryKey,
      name: z.string().max(200),
      projectId: s.ProjectId.nullable(),
      content: s.ProjectContent,
    }),
    z.object({ savedAt: z.string() }),
  ),
  listRecoveries: op(s.Empty, z.object({ recoveries: z.array(s.Recovery) })),
  discardRecovery: op(z.object({ key: s.RecoveryKey }), z.object({ discarded: z.boolean() })),

  listSamples: op(s.Empty, z.object({ samples: z.array(s.SampleInfo) })),
  readSample: op(z.object({ id: z.string().max(200) }), s.ProjectFile),

  createRun: op(
    z.object({
      projectName: z.string().max(200),
      projectId: s.ProjectId.nullable().default(null),
      graph: s.ProjectContent.optional(),
      name: z.string().max(200).optional(),
      tags: z.array(z.string().min(1).max(60)).max(50).optional(),
      sweepId: z.string().max(200).nullable().optional(),
      /** Which sweep variant the run is, with its seed and repeat (meta.json `sweepVariant`). */
      sweepVariant: z
        .object({ id: z.string().max(100), seed: z.number().int(), repeat: z.number().int().min(0) })
        .optional(),
    }),
    z.object({ runId: s.RunId }),
  ),
  appendMetrics: op(
    z.object({ ...runArg, records: z.array(s.JsonObject).max(100_000) }),
    z.object({ appended: z.number().int() }),
  ),
  writeRunFile: op(
    z.object({ ...runArg, name: s.RunFileName, content: z.string().max(s.MAX_PROJECT_CHARS) }),
    z.object({ written: z.string() }),
  ),
  saveModelArtifacts: op(
    z.object({ ...runArg, folder: s.ModelFolder.default('model'), artifacts: s.ModelArtifacts }),
    z.object({ files: z.array(z.string()), bytes: z.number().int() }),
    true,
  ),
  listRuns: op(
    z.object({ projectName: z.string().optional(), trashed: z.boolean().default(false) }),
    z.object({ runs: z.array(s.RunListing) }),
  ),
  readRun: op(
    z.object(runArg),
    s.RunListing.extend({
      metrics: z.array(s.JsonObject),
      /** Lines of metrics.jsonl that could not be read (a torn last line after a crash). */
      skippedMetricLines: z.number().int(),
      graph: z.string().nullable(),
      /** evaluation.json when it reads as an evaluation report, else null (none written, or damaged). */
      evaluation: s.JsonObject.nullable(),
      files: z.array(z.string()),
    }),
  ),
  updateRunMeta: op(
    z.object({
      ...runArg,
      name: z.string().max(200).optional(),
      tags: s.RunMeta.shape.tags.optional(),
      note: z.string().max(20_000).optional(),
      /** Moves the run to a project: an unsaved project's runs follow it when it is first saved. */
      project: z
        .object({ name: z.string().min(1).max(200), id: s.ProjectId.nullable() })
        .strict()
        .optional(),
    }),
    s.RunMeta,
  ),
  trashRun: op(z.object(runArg), z.object({ trashed: z.literal(true) })),
  restoreRun: op(z.object(runArg), z.object({ restored: z.literal(true) })),
  loadRunModel: op(z.object({ ...runArg, folder: s.ModelFolder.default('model') }), s.ModelArtifacts),

  /**
   * A sweep made in the app: `sweeps/<sweepId>/sweep.json` (graph-core's SweepState) and the
   * renderer's `curves.json`; its runs are normal run folders whose meta names the sweep.
   */
  saveSweep: op(
    z.object({
      sweepId: s.RunId,
      state: z.string().max(s.MAX_PROJECT_CHARS),
      curves: z.string().max(s.MAX_PROJECT_CHARS).optional(),
    }),
    z.object({ saved: z.literal(true) }),
  ),
  /** Every saved sweep, newest first, with the text of its files (the renderer parses them). */
  listSweeps: op(
    s.Empty,
    z.object({
      sweeps: z.array(z.object({ id: s.RunId, state: z.string(), curves: z.string().nullable() })),
    }),
  ),

  /** Copies a run's model folder (model.json + weights) to a chosen folder, or `exports/<name>/`. */
  exportWeights: op(
    z.object({
      ...runArg,
      folder: s.ModelFolder.default('model'),
      dialog: z.boolean().default(false),
      name: s.ExportName.optional(),
    }),
    cancellable(s.Destination),
  ),
  /**
   * A run's trained model, or the open project's graph with the weights it starts from, in one
   * export format (docs/EXPORT.md): into a new folder inside one the user chooses (dialog), or into
   * `exports/<name>/`; with `contents`, the files come back too (named `<folder>/<file>`), for the
   * browser's one zip download.
   */
  exportModel: op(
    z.object({
      source: z.union([
        z.object({ runId: s.RunId }).strict(),
        z.object({ project: s.ProjectContent, projectId: s.ProjectId.nullable().default(null) }).strict(),
      ]),
      format: s.ExportFormat,
      dialog: z.boolean().default(false),
      name: s.ExportName.optional(),
      contents: z.boolean().default(false),
    }),
    cancellable(
      s.Destination.extend({
        format: s.ExportFormat,
        contents: z.array(z.object({ name: z.string(), bytes: Bytes })).optional(),
      }),
    ),
    true,
  ),
  /** Writes a file the renderer produced (HTML page, CSV, PNG …) to a chosen place, or `exports/`. */
  exportFile: op(
    z.object({
      suggestedName: s.ExportName,
      content: z.union([z.string(), Bytes]),
      dialog: z.boolean().default(false),
      filters: z.array(s.FileFilter).max(10).optional(),
    }),
    cancellable(s.Destination),
    true,
  ),

  readDatasetAsset: op(z.object({ name: s.AssetName }), z.object({ bytes: Bytes })),
  importDataset: op(
    z.object({ name: z.string().min(1).max(200), meta: s.JsonObject, data: Bytes }),
    s.DatasetListing,
    true,
  ),
  listDatasets: op(s.Empty, z.object({ datasets: z.array(s.DatasetListing) })),
  readDataset: op(z.object({ id: s.DatasetId }), s.DatasetListing.extend({ data: Bytes })),
  deleteDataset: op(z.object({ id: s.DatasetId }), z.object({ deleted: z.boolean() })),
  /**
   * A file or image folder a Dataset node names by `path`, read relative to the project file's
   * folder (a workspace project or a sample) and never outside it. For a folder, `bytes: false`
   * lists names and sizes only (enough to learn the classes).
   */
  readProjectData: op(
    z.object({
      projectId: s.ProjectId,
      path: s.ProjectDataPath,
      kind: z.enum(['file', 'folder']),
      bytes: z.boolean().default(true),
    }),
    s.ProjectData,
  ),

  /**
   * The weights an imported project carries (format version 2): its sidecar, named by the document's
   * `weights.manifest`, read relative to the project file's folder and never outside it. Each weight's
   * `data` is its float32 values, little-endian.
   */
  readProjectWeights: op(
    z.object({ projectId: s.ProjectId, manifest: s.ProjectDataPath }),
    z.object({
      weights: z.array(
        z.object({ name: z.string(), shape: z.array(z.number().int().nonnegative()), data: Bytes }),
      ),
    }),
  ),

  /**
   * File → Import model: a `.onnx` file, or a tfjs `model.json` with the weight files it names, run
   * through `layerloom import`'s importer and saved as `projects/<name>.layerloom` plus its weights
   * sidecar (never over an existing one: `exists`). Answers the new project, as openProject does.
   */
  importModel: op(
    z.object({ files: z.array(s.PickedFile).min(1).max(100), name: s.DisplayName.optional() }),
    s.ProjectFile.extend({ warnings: z.array(z.string()) }),
    true,
  ),

  /** Native dialogs only (Electron); in a browser the UI uploads content with <input type=file>. */
  pickFile: op(
    z.object({ filters: z.array(s.FileFilter).max(10).optional(), multiple: z.boolean().default(false) }),
    cancellable(z.object({ files: z.array(s.PickedFile) })),
  ),
  pickFolder: op(
    z.object({
      extensions: z
        .array(z.string().regex(/^[A-Za-z0-9]{1,16}$/))
        .max(20)
        .optional(),
    }),
    cancellable(z.object({ name: z.string(), files: z.array(s.FolderEntry), skipped: z.array(z.string()) })),
  ),
} as const;

export type HostOps = typeof hostOps;
export type OpName = keyof HostOps;
export const OP_NAMES = Object.keys(hostOps) as OpName[];

// Compile-time proof that the preload's name list and the op map agree, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesAgree: Same<OpName, HostOpName> = true;
void namesAgree;

export function isOpName(value: string): value is OpName {
  return Object.prototype.hasOwnProperty.call(hostOps, value);
}

/** What a caller passes (defaults may be left out). */
export type OpArgs<K extends OpName> = z.input<HostOps[K]['args']>;
/** What a caller gets back. */
export type OpResult<K extends OpName> = z.output<HostOps[K]['result']>;
/** What an implementation receives (parsed, defaults filled in). */
export type OpParsedArgs<K extends OpName> = z.output<HostOps[K]['args']>;
/** What an implementation returns (checked against the result schema before it leaves). */
export type OpReturn<K extends OpName> = z.input<HostOps[K]['result']>;
