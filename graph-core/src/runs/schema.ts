/**
 * A zod schema per run file. Each accepts what today's CLI and app write and what they wrote
 * before (fields only ever added), and keeps unknown fields: a newer Layerloom's run still opens.
 */
import { z } from 'zod';

const metric = z.number().nullable();

export const finalMetricsSchema = z.looseObject({
  loss: metric,
  acc: metric,
  val_loss: metric,
  val_acc: metric,
});

/** One line of metrics.jsonl (graph-core's EpochMetrics). */
export const metricsLineSchema = z.looseObject({
  epoch: z.number().int().min(1),
  loss: metric,
  acc: metric,
  val_loss: metric,
  val_acc: metric,
  lr: z.number(),
  durationMs: z.number(),
  samplesPerSec: z.number(),
});
export type MetricsLine = z.infer<typeof metricsLineSchema>;

/**
 * A metrics line as the reader keeps it: an epoch number and whatever metrics it has (lines from
 * older versions may lack some), so old runs still draw their curves.
 */
export const storedMetricsLineSchema = metricsLineSchema.partial().required({ epoch: true });
export type StoredMetricsLine = z.infer<typeof storedMetricsLineSchema>;

export const sweepVariantSchema = z.object({
  id: z.string().max(100),
  seed: z.number().int(),
  repeat: z.number().int().min(0),
});
export type SweepVariantRef = z.infer<typeof sweepVariantSchema>;

/** meta.json. CLI folders written before version 1 have none: the reader makes one up. */
export const runMetaSchema = z.object({
  name: z.string().max(200),
  tags: z.array(z.string().min(1).max(60)).max(50),
  note: z.string().max(20_000),
  projectName: z.string(),
  projectId: z.string().nullable(),
  sweepId: z.string().max(200).nullable(),
  /**
   * For a sweep variant (since issue 17): which variant of the sweep this run is, and the seed and
   * repeat index it trained with, so repeats of one combination can be grouped. Absent otherwise.
   */
  sweepVariant: sweepVariantSchema.optional(),
  createdAt: z.string(),
  /** The run format version (RUN_FORMAT_VERSION); absent in folders written before it. */
  runFormat: z.number().int().min(1).optional(),
});
export type RunMeta = z.infer<typeof runMetaSchema>;

const backendFields = {
  /** How the backend was picked (CLI and app). */
  backendReason: z.string().optional(),
  /** With `auto`: each candidate's measured speed, and whether it was cached (CLI). */
  backendProbe: z.unknown().optional(),
  /** The app's name for what draws (e.g. "JavaScript (cpu)") and why it fell back, if it did. */
  renderer: z.string().optional(),
  fallbackReason: z.string().nullable().optional(),
  /** The project's name (CLI). */
  project: z.string().optional(),
  resumedFrom: z.object({ runId: z.string(), epoch: z.number() }).optional(),
};

/**
 * What a run cost (runs since issue 17; older summaries have none): its parameters, forward FLOPs of
 * one sample from the graph's shapes, and the measured inference time per sample after training
 * (a small batch, median of several passes). Training time is the summary's durationMs.
 */
export const runCostSchema = z.looseObject({
  trainableParams: z.number().int().nonnegative(),
  nonTrainableParams: z.number().int().nonnegative(),
  flopsPerSample: z.number().nonnegative().nullable(),
  inferenceMsPerSample: z.number().nonnegative().nullable(),
  /** Samples per timed inference pass; 0 when none was timed (a failed or diverged run). */
  inferenceBatch: z.number().int().nonnegative(),
});
export type RunCost = z.infer<typeof runCostSchema>;

/** summary.json of a run that ended (graph-core's RunSummary plus who trained it, and how). */
export const finishedSummarySchema = z.looseObject({
  status: z.enum(['completed', 'stopped', 'diverged', 'failed']),
  message: z.string().optional(),
  advice: z.string().optional(),
  backend: z.string(),
  durationMs: z.number(),
  totalParams: z.number(),
  final: finalMetricsSchema,
  test: z.looseObject({ loss: z.number(), acc: z.number().nullable(), count: z.number() }).optional(),
  epochs: z.number().int(),
  epochsPlanned: z.number().int(),
  stoppedEarly: z.looseObject({ epoch: z.number(), monitor: z.string() }).optional(),
  seed: z.number(),
  batchSize: z.number(),
  samplesPerSec: z.number(),
  dataset: z.looseObject({ name: z.string(), train: z.number(), validation: z.number(), test: z.number() }),
  startedAt: z.string(),
  finishedAt: z.string(),
  timeToFirstBatchMs: z.number().nonnegative().optional(),
  wallMs: z.number().nonnegative().optional(),
  cost: runCostSchema.optional(),
  ...backendFields,
});

/** summary.json while the run goes: written when training starts, replaced at its end. */
export const runningSummarySchema = z.looseObject({
  status: z.literal('running'),
  backend: z.string(),
  totalParams: z.number(),
  startedAt: z.string(),
  ...backendFields,
});

/** summary.json of a sweep variant cut short by a kill; the variant ran again in another folder. */
export const abandonedSummarySchema = z.looseObject({
  status: z.literal('failed'),
  abandoned: z.literal(true),
  message: z.string(),
  previousStatus: z.string().nullable(),
  finishedAt: z.string(),
});

export const runSummarySchema = z.union([
  finishedSummarySchema,
  runningSummarySchema,
  abandonedSummarySchema,
]);
export type RunSummaryFile = z.infer<typeof runSummarySchema>;
export type FinishedSummary = z.infer<typeof finishedSummarySchema>;

/** checkpoint.json: the checkpoint/ folder's epoch and why it was taken. */
export const checkpointInfoSchema = z.looseObject({
  epoch: z.number().int().min(0),
  reason: z.string(),
  savedAt: z.string(),
});
export type CheckpointInfoFile = z.infer<typeof checkpointInfoSchema>;

/** model/model.json and checkpoint/model.json: a tfjs layers model's manifest. */
export const modelManifestSchema = z.looseObject({
  modelTopology: z.record(z.string(), z.unknown()),
  format: z.string().optional(),
  weightsManifest: z.array(
    z.looseObject({
      paths: z.array(z.string()),
      weights: z.array(
        z.looseObject({
          name: z.string(),
          shape: z.array(z.number().int().min(0)),
          dtype: z.string(),
          group: z.string().optional(),
        }),
      ),
    }),
  ),
  userDefinedMetadata: z.record(z.string(), z.unknown()).optional(),
});
export type ModelManifest = z.infer<typeof modelManifestSchema>;

/** The schema a summary.json claims by its status, so a refusal names the field that is wrong. */
export function summarySchemaFor(json: Record<string, unknown>) {
  if (json.status === 'running') return runningSummarySchema;
  if (json.abandoned === true) return abandonedSummarySchema;
  return finishedSummarySchema;
}
