/** Text a user types for swept numbers ("32, 128", "1e-4 1e-3") read back as values, with the reason when not. */
import { paramFromText, type ParamSpec } from '../../../graph-core/src/catalogue';
import { formatValue, type SweepRange } from '../../../graph-core/src/experiments';
import type { JsonValue } from '../../../graph-core/src/document';
import { paramProblem } from '../core/catalogue';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export function listText(values: readonly JsonValue[]): string {
  return values.map((v) => formatValue(v)).join(', ');
}

/** A list of numbers separated by commas or spaces, each checked against the param's own limits. */
export function parseNumberList(spec: ParamSpec, text: string): Parsed<number[]> {
  const parts = text.split(/[\s,;]+/).filter((t) => t !== '');
  if (parts.length === 0) return { ok: false, reason: `${spec.label}: list at least one value.` };
  const out: number[] = [];
  for (const part of parts) {
    // Each value reads as the inspector reads the param's field (one text-to-param parser).
    const parsed = paramFromText(spec, part);
    if (!parsed.ok) return { ok: false, reason: parsed.reason };
    const n = parsed.value;
    if (typeof n !== 'number') return { ok: false, reason: `${spec.label}: “${part}” is not a number.` };
    const problem = paramProblem(spec, n);
    if (problem) return { ok: false, reason: `${problem.replace(/\.$/, '')} (${part}).` };
    if (out.includes(n)) return { ok: false, reason: `${spec.label}: ${part} is listed twice.` };
    out.push(n);
  }
  return { ok: true, value: out };
}

/** A range's ends must themselves be allowed values of the param (a log range also needs min > 0). */
export function checkRangeFor(spec: ParamSpec, range: SweepRange): string | null {
  for (const [end, v] of [
    ['min', range.min],
    ['max', range.max],
  ] as const) {
    if (!Number.isFinite(v)) return `${spec.label}: the range ${end} is not a number.`;
    const problem = paramProblem(spec, v);
    if (problem) return `${problem.replace(/\.$/, '')} (range ${end}).`;
  }
  if (range.min > range.max) return `${spec.label}: the range min is larger than its max.`;
  if (range.range === 'log' && range.min <= 0) return `${spec.label}: a log range needs a min above 0.`;
  if (!Number.isInteger(range.count) || range.count < 1 || range.count > 50)
    return `${spec.label}: the count must be a whole number from 1 to 50.`;
  return null;
}
