import type { JsonValue } from '../document/types';
import type { ParamSpec } from './types';

/**
 * Why `value` is refused for `spec`, or null when it is acceptable. `undefined` means "left out"
 * and is accepted whenever the spec has a default. Messages start with the param name so the
 * inspector and diagnostics can show them as they are.
 */
export function checkParam(spec: ParamSpec, value: JsonValue | undefined, path = spec.name): string | null {
  if (value === undefined) {
    return spec.default === null && !isOptional(spec) ? `${path} is required` : null;
  }
  if (value === null && isOptional(spec)) return null;
  switch (spec.kind) {
    case 'int':
      return checkNumber(spec, value, path, true);
    case 'float':
      return checkNumber(spec, value, path, false);
    case 'enum':
      if (typeof value === 'string' && spec.options.includes(value)) return null;
      return `${path} must be one of ${spec.options.join(', ')}; got ${describe(value)}`;
    case 'bool':
      return typeof value === 'boolean' ? null : `${path} must be true or false`;
    case 'string':
      return typeof value === 'string' ? null : `${path} must be text`;
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? null
        : `${path} must be a list of names`;
    case 'shape':
      return checkShape(spec, value, path);
    case 'object':
      return checkObject(spec, value, path);
    default:
      return assertNever(spec);
  }
}

function isOptional(spec: ParamSpec): boolean {
  return 'optional' in spec && spec.optional === true;
}

function checkNumber(
  spec: Extract<ParamSpec, { kind: 'int' | 'float' }>,
  value: JsonValue,
  path: string,
  integer: boolean,
): string | null {
  const exMin = spec.kind === 'float' && spec.exclusiveMin === true;
  const exMax = spec.kind === 'float' && spec.exclusiveMax === true;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (spec.min === undefined || (exMin ? value > spec.min : value >= spec.min)) &&
    (spec.max === undefined || (exMax ? value < spec.max : value <= spec.max)) &&
    (spec.kind !== 'int' || spec.oneOf === undefined || spec.oneOf.includes(value));
  if (ok) return null;
  if (spec.kind === 'int' && spec.oneOf) return `${path} must be ${spec.oneOf.join(' or ')}`;
  const what = integer ? 'an integer' : 'a number';
  const bounds: string[] = [];
  if (spec.min !== undefined) bounds.push(`${exMin ? '>' : '≥'} ${spec.min}`);
  if (spec.max !== undefined) bounds.push(`${exMax ? '<' : '≤'} ${spec.max}`);
  return `${path} must be ${what}${bounds.length ? ' ' + bounds.join(' and ') : ''}`;
}

function checkShape(
  spec: Extract<ParamSpec, { kind: 'shape' }>,
  value: JsonValue,
  path: string,
): string | null {
  const n = spec.length;
  const min = spec.min ?? 1;
  const word = min === 0 ? 'non-negative' : 'positive';
  const fits = (v: JsonValue | undefined) => typeof v === 'number' && Number.isInteger(v) && v >= min;
  const example = n
    ? `[${Array(n)
        .fill(min === 0 ? 1 : 3)
        .join(', ')}]`
    : '[28, 28, 1]';
  const expected = n
    ? `${n === 1 ? `a ${word} integer` : `${n} ${word} integers`}`
    : `a list of ${word} integers`;
  if (n !== undefined && fits(value)) return null;
  if (spec.perSide && n !== undefined) {
    const perSide = `${expected} (both sides alike), ${n} pairs [before, after] or ${2 * n} integers, e.g. ${example} or [${Array(n).fill('[0, 1]').join(', ')}]`;
    if (!Array.isArray(value)) return `${path} must be ${perSide}`;
    if (value.length === n && value.every(Array.isArray)) {
      const ok = value.every((p) => Array.isArray(p) && p.length === 2 && p.every(fits));
      return ok ? null : `${path} must be ${perSide}`;
    }
    if (value.length === 2 * n) return value.every(fits) ? null : `${path} must be ${perSide}`;
    if (value.length !== n) return `${path} must be ${perSide}`;
  }
  if (!Array.isArray(value) || value.length === 0 || (n !== undefined && value.length !== n)) {
    return `${path} must be ${expected}, e.g. ${example}`;
  }
  let inferred = 0;
  for (const v of value) {
    if (spec.allowInfer && v === -1) inferred += 1;
    else if (!fits(v)) return `${path} must be ${expected}, e.g. ${example}; got ${describe(v)}`;
  }
  return inferred > 1 ? `${path} may contain -1 only once` : null;
}

function checkObject(
  spec: Extract<ParamSpec, { kind: 'object' }>,
  value: JsonValue,
  path: string,
): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `${path} must be an object with ${spec.fields.map((f) => f.name).join(', ')}`;
  }
  for (const field of spec.fields) {
    const reason = checkParam(field, value[field.name], `${path}.${field.name}`);
    if (reason) return reason;
  }
  return null;
}

function describe(v: JsonValue): string {
  return typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
}

function assertNever(x: never): never {
  throw new Error(`unhandled param kind ${JSON.stringify(x)}`);
}
