/**
 * The one reading of a param's text: converts between a param's JSON value and the text a user
 * types for it (the inspector's fields, the sweep panel's value lists, the CLI's `--set` values),
 * refusing what cannot be parsed with a reason a user understands. Range and option checks are
 * `checkParam`'s.
 */
import type { JsonValue } from '../document/types';
import type { ParamSpec } from './types';

export type ParsedParam = { ok: true; value: JsonValue | undefined } | { ok: false; reason: string };

export function paramToText(spec: ParamSpec, value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  // Per-side pairs ([[top, bottom], [left, right]]) read back from the flat text as 4 numbers.
  if (spec.kind === 'shape' && Array.isArray(value)) return value.flat().join(', ');
  if (spec.kind === 'shape' && typeof value === 'number') return String(value);
  if (spec.kind === 'strings' && Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** Empty text means "use the default" (the param is removed from the node). */
export function paramFromText(spec: ParamSpec, text: string): ParsedParam {
  const t = text.trim();
  if (t === '') return { ok: true, value: undefined };
  switch (spec.kind) {
    case 'int': {
      if (!/^[-+]?\d+$/.test(t))
        return { ok: false, reason: `${spec.label} must be a whole number, not “${t}”.` };
      return { ok: true, value: Number(t) };
    }
    case 'float': {
      const n = Number(t);
      if (!Number.isFinite(n)) return { ok: false, reason: `${spec.label} must be a number, not “${t}”.` };
      return { ok: true, value: n };
    }
    case 'shape': {
      const parts = t.split(/[\s,×x*]+/).filter((p) => p !== '');
      const dims: number[] = [];
      for (const p of parts) {
        if (!/^-?\d+$/.test(p)) return { ok: false, reason: `${spec.label}: “${p}” is not a whole number.` };
        dims.push(Number(p));
      }
      // A per-axis param (kernelSize, strides, poolSize…) takes one number for every axis, as the
      // file, compile and Keras do: "3" is kept as 3, not as a one-axis list [3] the check refuses.
      if (spec.length !== undefined && spec.length > 1 && dims.length === 1)
        return { ok: true, value: dims[0] };
      return { ok: true, value: dims };
    }
    case 'strings':
      return {
        ok: true,
        value: t
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      };
    case 'string':
      return { ok: true, value: text };
    case 'enum':
      return { ok: true, value: t };
    case 'bool':
      return { ok: true, value: t === 'true' };
    case 'object':
      return { ok: false, reason: `${spec.label} is edited field by field.` };
    default: {
      const never: never = spec;
      throw new Error(`unknown param kind ${JSON.stringify(never)}`);
    }
  }
}

export function describeParamDefault(spec: ParamSpec): string {
  if (spec.default === null)
    if (spec.kind === 'shape' || spec.kind === 'int')
      // A required one (Reshape's target shape, RepeatVector's n) is not inferred: the user sets it.
      return spec.optional ? 'default: none (inferred)' : 'required';
    else return 'default: none';
  if (spec.kind === 'object') return '';
  const text = paramToText(spec, spec.default as JsonValue);
  // An empty default (no file, no label column yet) has nothing worth saying.
  return text === '' ? '' : `default: ${text}`;
}
