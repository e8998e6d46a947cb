/**
 * The one reader of run folders: the current layout and the two written before it, the app's
 * (meta.json, checkpoint/, evaluation.json) and the CLI's (no meta.json). It never throws on what
 * it finds: a missing or damaged file reads as absent, with a sentence saying why.
 */
import type { z } from 'zod';
import type { EvaluationReport } from './evaluation-types';
import { evaluationSchema } from './evaluation';
import { modelJsonPath, RUN_FILES } from './files';
import {
  checkpointInfoSchema,
  storedMetricsLineSchema,
  runMetaSchema,
  summarySchemaFor,
  type CheckpointInfoFile,
  type StoredMetricsLine,
  type RunMeta,
  type RunSummaryFile,
} from './schema';

/** What the reader needs of a folder; the host gives one over node:fs, tests one over a map. */
export interface RunFolderFiles {
  /** The text of a file (path relative to the run folder), or null when there is none. */
  readText(rel: string): Promise<string | null>;
  exists(rel: string): Promise<boolean>;
  /** When the folder last changed: the creation time of a folder with no meta.json and no summary. */
  modifiedAt?(): Promise<Date | null>;
}

/** Which writer made the folder: `current` (runFormat ≥ 1), or one of the two unversioned layouts. */
export type RunLayout = 'current' | 'app' | 'cli';

export interface RunFolder {
  id: string;
  layout: RunLayout;
  /** RUN_FORMAT_VERSION the folder was written with; 0 before versions. */
  formatVersion: number;
  meta: RunMeta;
  /** True when the folder has no readable meta.json and `meta` was made up from what is there. */
  metaMadeUp: boolean;
  /** summary.json when it is valid; null while there is none or when it is damaged. */
  summary: RunSummaryFile | null;
  /** summary.json as a JSON object even when the schema refuses it (the Runs list shows what it can). */
  summaryJson: Record<string, unknown> | null;
  /** Why summary.json could not be read, naming the field; null when it is fine or absent. */
  summaryProblem: string | null;
  graph: string | null;
  hasModel: boolean;
  hasCheckpoint: boolean;
  checkpointInfo: CheckpointInfoFile | null;
}

export interface RunFolderDetail extends RunFolder {
  metrics: StoredMetricsLine[];
  /** metrics.jsonl lines that were torn (a crash) or not metrics. */
  skippedMetricLines: number;
  evaluation: EvaluationReport | null;
}

export interface ReadRunOptions {
  /** The run's id, e.g. its folder name. */
  id: string;
}

function parseJsonObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null; // a file torn by a crash reads as none
  }
}

/** "summary.json: final.loss: expected number, received string" for the first issue. */
export function describeIssue(file: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `${file} is not valid`;
  const at = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${file}: ${at}${issue.message}`;
}

function graphName(graph: string | null): string | null {
  const doc = parseJsonObject(graph);
  return typeof doc?.name === 'string' && doc.name.trim() ? doc.name : null;
}

/** The meta of a folder without meta.json (the CLI's), from its summary, graph and times. */
async function madeUpMeta(
  files: RunFolderFiles,
  id: string,
  summary: Record<string, unknown> | null,
  graph: string | null,
): Promise<RunMeta> {
  const project = typeof summary?.project === 'string' ? summary.project : graphName(graph);
  const started = typeof summary?.startedAt === 'string' ? summary.startedAt : null;
  const modified = started ? null : await files.modifiedAt?.();
  return {
    name: id,
    tags: [],
    note: '',
    projectName: project ?? '',
    projectId: null,
    sweepId: null,
    createdAt: started ?? (modified ?? new Date(0)).toISOString(),
  };
}

/** Everything a run listing needs: meta, summary, graph and which model folders exist. */
export async function readRunFolder(files: RunFolderFiles, options: ReadRunOptions): Promise<RunFolder> {
  const { id } = options;
  const [metaText, summaryText, graph, hasModel, hasCheckpoint, checkpointText] = await Promise.all([
    files.readText(RUN_FILES.meta),
    files.readText(RUN_FILES.summary),
    files.readText(RUN_FILES.graph),
    files.exists(modelJsonPath('model')),
    files.exists(modelJsonPath('checkpoint')),
    files.readText(RUN_FILES.checkpointInfo),
  ]);
  const summaryJson = parseJsonObject(summaryText);
  const summary = summaryJson ? summarySchemaFor(summaryJson).safeParse(summaryJson) : null;
  const storedMeta = runMetaSchema.safeParse(parseJsonObject(metaText));
  const meta = storedMeta.success ? storedMeta.data : await madeUpMeta(files, id, summaryJson, graph);
  const formatVersion = storedMeta.success ? (storedMeta.data.runFormat ?? 0) : 0;
  const checkpointInfo = checkpointInfoSchema.safeParse(parseJsonObject(checkpointText));
  return {
    id,
    layout: formatVersion >= 1 ? 'current' : metaText !== null ? 'app' : 'cli',
    formatVersion,
    meta,
    metaMadeUp: !storedMeta.success,
    summary: summary?.success ? summary.data : null,
    summaryJson,
    summaryProblem:
      summaryText !== null && !summaryJson
        ? `${RUN_FILES.summary} is not a JSON object (torn by a crash?)`
        : summary && !summary.success
          ? describeIssue(RUN_FILES.summary, summary.error)
          : null,
    graph,
    hasModel,
    hasCheckpoint,
    checkpointInfo: checkpointInfo.success ? checkpointInfo.data : null,
  };
}

/** metrics.jsonl: every valid epoch line in order; torn and unknown lines are counted, not fatal. */
export function parseMetricsLines(text: string | null): { metrics: StoredMetricsLine[]; skipped: number } {
  const metrics: StoredMetricsLine[] = [];
  let skipped = 0;
  for (const line of (text ?? '').split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const ok = storedMetricsLineSchema.safeParse(parseJsonObject(trimmed));
    if (ok.success) metrics.push(ok.data);
    else skipped++;
  }
  return { metrics, skipped };
}

/** A run with its curves and evaluation: what the Runs panel's detail, compare and exporters read. */
export async function readRunFolderDetail(
  files: RunFolderFiles,
  options: ReadRunOptions,
): Promise<RunFolderDetail> {
  const [folder, metricsText, evaluationText] = await Promise.all([
    readRunFolder(files, options),
    files.readText(RUN_FILES.metrics),
    files.readText(RUN_FILES.evaluation),
  ]);
  const { metrics, skipped } = parseMetricsLines(metricsText);
  const evaluation = evaluationSchema.safeParse(parseJsonObject(evaluationText));
  return {
    ...folder,
    metrics,
    skippedMetricLines: skipped,
    evaluation: evaluation.success ? evaluation.data : null,
  };
}
