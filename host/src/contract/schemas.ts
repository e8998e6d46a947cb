import { z } from 'zod';
import { RUN_FILES, runMetaSchema } from '../../../graph-core/src/runs';
import { Bytes } from './bytes';

/** Shared pieces of the host contract's payloads. */

export const Json = z.json();
export const JsonObject = z.record(z.string(), z.json());
export type JsonObject = z.infer<typeof JsonObject>;

export const Empty = z.object({}).strict();

const MiB = 1024 * 1024;
/** Upper bound for one project file; larger documents are a bug or an attack, not a model. */
export const MAX_PROJECT_CHARS = 32 * MiB;

/** Project file text, exactly as graph-core serialises it (the host never reinterprets it). */
export const ProjectContent = z.string().max(MAX_PROJECT_CHARS, 'project file larger than 32 MiB');

/**
 * An opaque handle to a project file: `projects/<file>.layerloom` inside the workspace, or
 * `external:<token>` for a file the user picked in a dialog during this session. The renderer
 * never holds a path it could turn into a write elsewhere.
 */
export const ProjectId = z.string().min(1).max(1024);

/** A name typed by the user; the host turns it into a safe file name. */
export const DisplayName = z
  .string()
  .trim()
  .min(1, 'name is empty')
  .max(120, 'name longer than 120 characters');

/** Folder names the host created itself: `20250102-130405-mnist-mlp-1a2b3c`. */
export const RunId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, 'not a run id')
  .refine((value) => !value.includes('..'), 'not a run id');

/** Recovery keys are chosen by the renderer per open document (e.g. a random id). */
export const RecoveryKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'recovery key must be 1-64 of [A-Za-z0-9_-]');

export const ProjectFile = z.object({
  id: ProjectId,
  name: z.string(),
  /** Where the file is, for display only (never accepted back as a path). */
  location: z.string(),
  content: ProjectContent,
});
export type ProjectFile = z.infer<typeof ProjectFile>;

export const ProjectRef = z.object({ id: ProjectId, name: z.string(), location: z.string() });
export type ProjectRef = z.infer<typeof ProjectRef>;

export const ProjectListing = ProjectRef.extend({
  modifiedAt: z.string(),
  size: z.number().int().nonnegative(),
});

export const RecentEntry = ProjectRef.extend({ openedAt: z.string(), exists: z.boolean() });

export const Recovery = z.object({
  key: RecoveryKey,
  name: z.string(),
  projectId: ProjectId.nullable(),
  savedAt: z.string(),
  content: ProjectContent,
});
export type Recovery = z.infer<typeof Recovery>;

export const SampleInfo = z.object({ id: z.string(), name: z.string(), description: z.string() });

/** meta.json as graph-core's run format defines it, with the workspace's project id check. */
export const RunMeta = runMetaSchema.extend({ projectId: ProjectId.nullable() });
export type RunMeta = z.infer<typeof RunMeta>;

export const RunListing = z.object({
  id: RunId,
  meta: RunMeta,
  /** summary.json as the trainer wrote it (graph-core's runSummarySchema); null while none or torn. */
  summary: JsonObject.nullable(),
  hasModel: z.boolean(),
  hasCheckpoint: z.boolean(),
  trashed: z.boolean(),
});
export type RunListing = z.infer<typeof RunListing>;

/** Files a renderer may write into a run folder by name; anything else is refused. */
export const RUN_FILE_NAMES = [
  RUN_FILES.summary,
  RUN_FILES.graph,
  RUN_FILES.evaluation,
  RUN_FILES.checkpointInfo,
  'sweep.json',
] as const;
export const RunFileName = z.enum(RUN_FILE_NAMES);

export const ModelFolder = z.enum(['model', 'checkpoint']);

/** tfjs' `WeightsManifestEntry`, field for field, so tfjs' own artifacts type-check against it. */
export const WeightSpec = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(['float32', 'int32', 'bool', 'string', 'complex64']),
  group: z.string().optional(),
  quantization: z
    .object({
      scale: z.number().optional(),
      min: z.number().optional(),
      dtype: z.enum(['uint16', 'uint8', 'float16']),
    })
    .optional(),
});

/** The parts of tfjs' `ModelArtifacts` that a layers model needs, with weights in one buffer. */
export const ModelArtifacts = z.object({
  modelTopology: JsonObject,
  weightSpecs: z.array(WeightSpec),
  weightData: Bytes,
  format: z.string().optional(),
  generatedBy: z.string().optional(),
  convertedBy: z.string().nullable().optional(),
  trainingConfig: JsonObject.optional(),
  userDefinedMetadata: JsonObject.optional(),
});

export const FileFilter = z.object({
  name: z.string().max(100),
  extensions: z.array(z.string().regex(/^[A-Za-z0-9*]{1,16}$/)).max(20),
});

export const PickedFile = z.object({ name: z.string(), bytes: Bytes });
export const FolderEntry = z.object({ path: z.string(), bytes: Bytes });

/** A Dataset node's `path`: relative to the project file's folder, as the CLI reads it. */
export const ProjectDataPath = z
  .string()
  .min(1, 'path is empty')
  .max(1024, 'path longer than 1024 characters');

/** One file under a project's image folder; `bytes` only for files an image import would decode. */
export const ProjectDataEntry = z.object({
  path: z.string(),
  size: z.number().int().nonnegative(),
  bytes: Bytes.optional(),
});

export const ProjectData = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), size: z.number().int().nonnegative(), bytes: Bytes }),
  z.object({
    kind: z.literal('folder'),
    files: z.array(ProjectDataEntry),
    /** Entries that are not plain files (links, sockets …), each with why, by path. */
    skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
  }),
]);

export const DatasetId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, 'not a dataset id');
export const DatasetListing = z.object({
  id: DatasetId,
  name: z.string(),
  meta: JsonObject,
  size: z.number().int().nonnegative(),
  createdAt: z.string(),
});

/** Files under assets/datasets built by `npm run build:data`, e.g. `mnist.bin`. */
export const AssetName = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,80}$/, 'not a dataset asset name');

export const ExportName = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[^/\\\0]+$/, 'export name may not contain slashes');

export const Destination = z.object({ location: z.string(), files: z.array(z.string()) });

/** `layerloom export --format` and the app's Export menu: see docs/EXPORT.md. */
export const EXPORT_FORMATS = ['pytorch', 'onnx', 'tfjs'] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);
