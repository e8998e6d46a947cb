import type { OnnxAttribute, OnnxNode } from './proto';
import { tensorValues } from './proto';
import { utf8Text } from './schema';
import type { Constant } from './import-state';

const find = (op: OnnxNode, name: string): OnnxAttribute | undefined =>
  op.attribute.find((a) => a.name === name);

export function attrInt(op: OnnxNode, name: string, fallback: number): number {
  const a = find(op, name);
  return a ? Number(a.i ?? fallback) : fallback;
}

/** float32 attributes as the short decimal they were written from (0.001, not 0.0010000000474974513). */
export const shortFloat = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(7)) : v);

export function attrFloat(op: OnnxNode, name: string, fallback: number): number {
  const a = find(op, name);
  return a ? shortFloat(Number(a.f ?? fallback)) : fallback;
}

export function attrInts(op: OnnxNode, name: string): number[] | null {
  const a = find(op, name);
  return a && a.ints && a.ints.length > 0 ? a.ints.map(Number) : null;
}

export function attrFloats(op: OnnxNode, name: string): number[] | null {
  const a = find(op, name);
  return a && a.floats && a.floats.length > 0 ? a.floats.map(Number) : null;
}

export function attrString(op: OnnxNode, name: string, fallback: string): string {
  const a = find(op, name);
  return a?.s && a.s.length > 0 ? utf8Text(a.s) : fallback;
}

export function attrStrings(op: OnnxNode, name: string): string[] | null {
  const a = find(op, name);
  return a?.strings && a.strings.length > 0 ? a.strings.map(utf8Text) : null;
}

/** The `value` of a Constant op as a numeric constant, or null for kinds Layerloom does not read. */
export function constantOf(op: OnnxNode): Constant | null {
  const a = find(op, 'value');
  if (a?.t) return { dims: a.t.dims.map(Number), data: tensorValues(a.t) };
  const f = find(op, 'value_float');
  if (f) return { dims: [], data: Float32Array.of(f.f ?? 0) };
  const i = find(op, 'value_int');
  if (i) return { dims: [], data: Float32Array.of(Number(i.i ?? 0)) };
  const is = find(op, 'value_ints');
  if (is?.ints) return { dims: [is.ints.length], data: Float32Array.from(is.ints.map(Number)) };
  const fs = find(op, 'value_floats');
  if (fs?.floats) return { dims: [fs.floats.length], data: Float32Array.from(fs.floats) };
  return null;
}
