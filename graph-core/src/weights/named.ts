/**
 * Trained weights outside tfjs: the one currency of export (PyTorch, ONNX) and import (tfjs, ONNX).
 * A weight is named as tfjs layers name it when a model is saved, `<layer name>/<weight name>`, and
 * Layerloom's layer names are node ids, so `d1/kernel` is node `d1`'s kernel. Layouts are tfjs's
 * (Dense kernel `[in, out]`, Conv2D kernel `[kh, kw, in, out]`, channels last).
 */
export interface NamedWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** One entry of a tfjs weights manifest (`model.json` → `weightsManifest[].weights[]`). */
export interface WeightSpecLike {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly quantization?: unknown;
}

/** A problem with weight data that names the weight; thrown for bad files, caught by callers. */
export class WeightsError extends Error {
  override readonly name = 'WeightsError';
}

const elementCount = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * Reads the weights a tfjs manifest describes out of its concatenated shard bytes. Only float32
 * and int32 (read as float) are accepted; quantized or string weights, a count that does not
 * match the bytes, and duplicate names are refused with the weight's name.
 */
export function decodeWeights(specs: readonly WeightSpecLike[], bytes: Uint8Array): NamedWeight[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const seen = new Set<string>();
  const out: NamedWeight[] = [];
  let offset = 0;
  for (const spec of specs) {
    if (seen.has(spec.name)) throw new WeightsError(`weight "${spec.name}" appears twice in the manifest`);
    seen.add(spec.name);
    if (spec.quantization !== undefined)
      throw new WeightsError(`weight "${spec.name}" is quantized; only float32 weights can be read`);
    if (spec.dtype !== 'float32' && spec.dtype !== 'int32')
      throw new WeightsError(
        `weight "${spec.name}" has dtype ${spec.dtype}; only float32 and int32 are read`,
      );
    const n = elementCount(spec.shape);
    if (!Number.isSafeInteger(n) || n < 0) throw new WeightsError(`weight "${spec.name}" has a bad shape`);
    const end = offset + n * 4;
    if (end > bytes.byteLength)
      throw new WeightsError(
        `weight "${spec.name}" needs bytes ${offset}–${end} but the weight files hold ${bytes.byteLength}`,
      );
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++)
      data[i] =
        spec.dtype === 'float32'
          ? view.getFloat32(offset + i * 4, true)
          : view.getInt32(offset + i * 4, true);
    out.push({ name: spec.name, shape: [...spec.shape], data });
    offset = end;
  }
  if (offset !== bytes.byteLength)
    throw new WeightsError(
      `the weight files hold ${bytes.byteLength} bytes but the manifest describes ${offset}`,
    );
  return out;
}

/** The inverse of decodeWeights: float32 specs and one little-endian buffer, in the given order. */
export function encodeWeights(weights: readonly NamedWeight[]): {
  specs: { name: string; shape: number[]; dtype: 'float32' }[];
  bytes: Uint8Array;
} {
  const total = weights.reduce((sum, w) => sum + w.data.length, 0);
  const all = new Float32Array(total);
  let at = 0;
  for (const w of weights) {
    all.set(w.data, at);
    at += w.data.length;
  }
  return {
    specs: weights.map((w) => ({ name: w.name, shape: [...w.shape], dtype: 'float32' })),
    bytes: new Uint8Array(all.buffer),
  };
}

/** Splits `<node id>/<weight>` names by node: `byNode.get('d1')?.get('kernel')`. */
export function weightsByNode(weights: readonly NamedWeight[]): Map<string, Map<string, NamedWeight>> {
  const byNode = new Map<string, Map<string, NamedWeight>>();
  for (const w of weights) {
    const slash = w.name.indexOf('/');
    const node = slash < 0 ? w.name : w.name.slice(0, slash);
    const key = slash < 0 ? '' : w.name.slice(slash + 1);
    let m = byNode.get(node);
    if (!m) byNode.set(node, (m = new Map()));
    m.set(key, w);
  }
  return byNode;
}
