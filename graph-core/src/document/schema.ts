import { z } from 'zod';
import type { JsonValue } from './types';

/**
 * The zod schema of a current-version project file (after migrations). Node `type` is checked as a plain
 * string here; the parser checks it against NODE_TYPES afterwards so the message can name the node.
 */

export function isJsonValue(value: unknown): value is JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonValue);
  if (typeof value === 'object') return isJsonObject(value);
  return false;
}

function isJsonObject(value: unknown): value is Record<string, JsonValue> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value).every(isJsonValue);
}

// A custom check rather than z.record: params must reach the document exactly as written (key order,
// and keys such as "__proto__" that a copying validator would drop).
const paramsSchema = z.custom<Record<string, JsonValue>>(isJsonObject, {
  message: 'expected an object of JSON values',
});

const finite = z.number().refine(Number.isFinite, { message: 'expected a finite number' });

export const positionSchema = z.object({ x: finite, y: finite });

const idSchema = z.string().min(1, { message: 'expected a non-empty id' });

export const nodeSchema = z.object({
  id: idSchema,
  type: z.string(),
  params: paramsSchema.optional(),
  position: positionSchema.optional(),
  label: z.string().optional(),
});

export const edgeSchema = z.object({
  id: idSchema,
  source: idSchema,
  target: idSchema,
  sourceHandle: z.string().optional(),
  targetHandle: z.string().optional(),
});

/** The sidecar manifest is a relative path; the host refuses one that leaves the project's folder. */
export const weightsRefSchema = z.object({
  manifest: z.string().min(1, { message: 'expected a non-empty path' }),
  nodes: z.array(idSchema),
});

/** Unknown top-level fields pass through (they are preserved on save); unknown node/edge fields do not. */
export const documentSchema = z.looseObject({
  format: z.literal('layerloom'),
  version: z.number().int().positive(),
  name: z.string(),
  weights: weightsRefSchema.optional(),
  nodes: z.array(nodeSchema),
  edges: z.array(edgeSchema),
});

export type ParsedDocument = z.infer<typeof documentSchema>;

/** Renders a zod issue path the way a reader finds it in the file: `nodes[3].params`. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const name = String(key);
      const plain = /^[A-Za-z_$][\w$]*$/.test(name);
      out += plain ? (out === '' ? name : `.${name}`) : `[${JSON.stringify(name)}]`;
    }
  }
  return out === '' ? '(top level)' : out;
}
