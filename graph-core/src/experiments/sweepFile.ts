import { z } from 'zod';
import { parseProject } from '../document/parse';
import { formatJsonPath } from '../document/schema';
import type { GraphDocument, JsonValue } from '../document/types';
import type { SweepState } from './sweepState';
import type { SweepSpec } from './sweepSpec';

const finite = z.number().refine(Number.isFinite, { message: 'expected a finite number' });
const json = z.custom<JsonValue>((v) => v !== undefined, { message: 'expected a JSON value' });

const rangeSchema = z.strictObject({
  range: z.enum(['log', 'linear']),
  min: finite,
  max: finite,
  count: z.number().int().min(1),
  integer: z.boolean().optional(),
});

const paramSchema = z.strictObject({
  nodeId: z.string().min(1),
  field: z.string().min(1),
  values: z.union([z.array(json), rangeSchema]),
  labels: z.array(z.string()).optional(),
  linked: z.array(z.string().min(1)).optional(),
});

const specFields = {
  params: z.array(paramSchema),
  mode: z.enum(['grid', 'random']).default('grid'),
  budget: z.number().int().min(1).optional(),
  repeats: z.number().int().min(1).optional(),
  metric: z.string().min(1).optional(),
  halving: z
    .strictObject({ eta: z.number().int().min(2).optional(), minEpochs: z.number().int().min(1) })
    .optional(),
};

/**
 * A shipped or hand-written sweep file (assets/sweeps/*.json): a spec plus the project it sweeps,
 * as a path relative to the sweep file. The seed may be left out: the project's own seed is used.
 */
export interface SweepSpecFile extends Omit<SweepSpec, 'seed'> {
  format: 'layerloom-sweep-spec';
  version: 1;
  name: string;
  description?: string;
  graph: string;
  seed?: number;
}

const specFileSchema = z.strictObject({
  format: z.literal('layerloom-sweep-spec'),
  version: z.literal(1),
  name: z.string().min(1),
  description: z.string().optional(),
  graph: z.string().min(1),
  seed: z.number().int().optional(),
  ...specFields,
});

const outcomeFields = {
  status: z.enum(['pending', 'running', 'done', 'failed']),
  runDir: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  runStatus: z.string().optional(),
  final: z.record(z.string(), finite.nullable()).optional(),
  durationMs: z.number().min(0).optional(),
  error: z.string().optional(),
  abandoned: z.array(z.string()).optional(),
  rung: z.number().int().min(0).optional(),
  earlierRungs: z
    .array(
      z.strictObject({
        rung: z.number().int().min(0),
        epochs: z.number().int().min(1),
        runDir: z.string().optional(),
        final: z.record(z.string(), finite.nullable()).optional(),
      }),
    )
    .optional(),
  stoppedAt: z
    .strictObject({ rung: z.number().int().min(0), epochs: z.number().int().min(1), reason: z.string() })
    .optional(),
};

const stateSchema = z.strictObject({
  format: z.literal('layerloom-sweep'),
  version: z.literal(1),
  name: z.string(),
  createdAt: z.string(),
  spec: z.strictObject({ ...specFields, seed: z.number().int() }),
  /** The project file the variants were made from (absolute): data paths and carried weights resolve against it. */
  source: z.string().min(1).optional(),
  base: z.custom<GraphDocument>((v) => typeof v === 'object' && v !== null, {
    message: 'expected a project',
  }),
  variants: z.array(
    z.strictObject({
      id: z.string().min(1),
      label: z.string(),
      assignments: z.array(
        z.strictObject({
          nodeId: z.string(),
          field: z.string(),
          value: json,
          text: z.string().optional(),
          linked: z.array(z.string()).optional(),
        }),
      ),
      repeat: z.number().int().min(0),
      seed: z.number().int(),
      ...outcomeFields,
    }),
  ),
});

export type FileResult<T> = { ok: true; value: T } | { ok: false; error: string };

function parseWith<T>(what: string, schema: z.ZodType<T>, text: string): FileResult<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${what} is not valid JSON (${(e as Error).message}).` };
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? formatJsonPath(issue.path) : '(top level)';
    return { ok: false, error: `${what}: ${where}: ${issue?.message ?? 'invalid'}.` };
  }
  return { ok: true, value: result.data };
}

/** Reads an `assets/sweeps/*.json` file. Never throws; the message names the field at fault. */
export function parseSweepSpecFile(text: string): FileResult<SweepSpecFile> {
  return parseWith('Sweep file', specFileSchema as z.ZodType<SweepSpecFile>, text);
}

/** Reads a `sweep.json`; its base graph goes through the project parser (and its migrations). */
export function parseSweepState(text: string): FileResult<SweepState> {
  const parsed = parseWith('sweep.json', stateSchema as z.ZodType<SweepState>, text);
  if (!parsed.ok) return parsed;
  const base = parseProject(JSON.stringify(parsed.value.base));
  if (!base.ok) return { ok: false, error: `sweep.json: base graph: ${base.error}` };
  return { ok: true, value: { ...parsed.value, base: base.doc } };
}

export function serializeSweepState(state: SweepState): string {
  return JSON.stringify(state, null, 2) + '\n';
}
