import type { JsonValue } from '../document/types';

/** Deep equality of JSON values; key order of objects does not matter, array order does. */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') {
    // NaN never appears in a saved file, but a learning rate computed in a sweep could be one.
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => jsonEqual(v, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
}

function isPlainObject(v: JsonValue | undefined): v is { [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Flattens params into dotted paths so a nested field (`earlyStopping.patience`) is compared and
 * swept like any other; arrays (kernelSize [3, 3]) stay whole values.
 */
export function flattenParams(params: Record<string, JsonValue>, prefix = ''): Map<string, JsonValue> {
  const out = new Map<string, JsonValue>();
  for (const [key, value] of Object.entries(params)) {
    const path = prefix + key;
    if (isPlainObject(value) && Object.keys(value).length > 0) {
      for (const [k, v] of flattenParams(value, path + '.')) out.set(k, v);
    } else {
      out.set(path, value);
    }
  }
  return out;
}

/** Reads a dotted field path; `undefined` when any step is missing. */
export function getField(params: Record<string, JsonValue>, field: string): JsonValue | undefined {
  let cur: JsonValue | undefined = params;
  for (const part of field.split('.')) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Returns a copy of params with the dotted field set, creating (or replacing) objects along the path. */
export function setField(
  params: Record<string, JsonValue>,
  field: string,
  value: JsonValue,
): Record<string, JsonValue> {
  const [head, ...rest] = field.split('.');
  if (head === undefined || head === '') return params;
  if (rest.length === 0) return { ...params, [head]: value };
  const inner = params[head];
  return { ...params, [head]: setField(isPlainObject(inner) ? inner : {}, rest.join('.'), value) };
}

/** A compact, unambiguous rendering for labels and tables: 0.001, relu, [3,3], {"a":1}, —. */
export function formatValue(v: JsonValue | undefined): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  return JSON.stringify(v);
}

/** Numbers as short as they can be while still round-tripping to 4 significant digits. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e6) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) {
    return n
      .toExponential(3)
      .replace(/\.?0+e/, 'e')
      .replace('e+', 'e');
  }
  return String(Number(n.toPrecision(4)));
}
