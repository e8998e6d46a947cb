import { attrInt, attrInts } from './import-attrs';
import type { Constant, ImportState, Val } from './import-state';
import { onnxDims, Unsupported } from './import-state';
import { tensorValues, type OnnxNode } from './proto';

/**
 * The shape arithmetic torch.onnx.export writes around a dynamic batch: `x.view(x.size(0), -1)`
 * becomes Shape → Gather → Unsqueeze → Concat → Reshape, and an RNN's zero initial state
 * Shape → … → ConstantOfShape. Shapes are folded to constants at import, the batch size kept as a
 * marked unknown (NaN, `batch: true`), so Reshape sees [batch, -1] and becomes Flatten / Reshape.
 */

const OPS = new Set(['Shape', 'Gather', 'Unsqueeze', 'Concat', 'ConstantOfShape', 'Cast', 'Squeeze']);

const allConstant = (s: ImportState, op: OnnxNode) =>
  op.input.every((name) => {
    const slot = s.slots.get(name);
    return name === '' || (slot !== undefined && 'constant' in slot);
  });

const put = (s: ImportState, op: OnnxNode, c: Constant) => s.slots.set(op.output[0]!, { constant: c });
const raw = (s: ImportState, name: string): Constant | null => {
  const slot = s.slots.get(name);
  return slot && 'constant' in slot ? slot.constant : null;
};

/** Folds a shape op into a constant; false when `op` is not one, or computes on layer outputs. */
export function foldShapes(s: ImportState, op: OnnxNode): boolean {
  if (!OPS.has(op.opType)) return false;
  if (op.opType === 'Shape') {
    const slot = s.slots.get(op.input[0] ?? '');
    if (!slot || !('val' in slot) || slot.val.unknown) return false;
    const x: Val = slot.val;
    if (op.attribute.some((a) => a.name === 'start' || a.name === 'end'))
      throw new Unsupported(op, 'it takes part of a shape (start / end)');
    const dims = onnxDims(x).map((d) => (d === -1 ? NaN : d));
    put(s, op, { dims: [dims.length], data: Float32Array.from(dims), batch: true });
    return true;
  }
  if (!allConstant(s, op)) return false;
  const a = raw(s, op.input[0]!)!;
  const batch = op.input.some((name) => raw(s, name)?.batch === true);
  const keep = (c: Constant) => put(s, op, batch ? { ...c, batch: true } : c);
  switch (op.opType) {
    case 'Cast':
      return (keep(a), true);
    case 'Gather': {
      const idx = raw(s, op.input[1]!)!;
      if (a.dims.length !== 1 || attrInt(op, 'axis', 0) !== 0)
        throw new Unsupported(op, 'it gathers from a constant of more than one axis');
      const n = a.data.length;
      const data = Float32Array.from(idx.data, (i) => a.data[i < 0 ? i + n : i]!);
      if (data.some((v, k) => v === undefined || !Number.isInteger(idx.data[k]!)))
        throw new Unsupported(op, 'an index is outside the shape');
      return (keep({ dims: idx.dims, data }), true);
    }
    case 'Unsqueeze':
    case 'Squeeze': {
      const axes = op.input[1] ? Array.from(raw(s, op.input[1])!.data) : (attrInts(op, 'axes') ?? []);
      let dims = [...a.dims];
      if (op.opType === 'Unsqueeze') {
        const rank = dims.length + axes.length;
        for (const ax of axes.map((x) => (x < 0 ? x + rank : x)).sort((p, q) => p - q)) dims.splice(ax, 0, 1);
      } else dims = dims.filter((d, i) => !(axes.length ? axes.includes(i) : d === 1));
      return (keep({ dims, data: a.data }), true);
    }
    case 'Concat': {
      const parts = op.input.map((name) => raw(s, name)!);
      if (parts.some((p) => p.dims.length !== 1))
        throw new Unsupported(op, 'it joins constants of more than one axis');
      const data = Float32Array.from(parts.flatMap((p) => Array.from(p.data)));
      return (keep({ dims: [data.length], data }), true);
    }
    case 'ConstantOfShape': {
      const value = op.attribute.find((x) => x.name === 'value')?.t;
      const zero = !value || tensorValues(value).every((v) => v === 0);
      if (a.batch) {
        // [batch, …] zeros: only an RNN's initial state reads this (and treats it as absent).
        if (!zero) throw new Unsupported(op, 'it fills a batch-sized tensor with another value than 0');
        return (
          put(s, op, { dims: Array.from(a.data), data: new Float32Array(0), batch: true, zeros: true }),
          true
        );
      }
      return false;
    }
    default:
      return false;
  }
}

/** Whether ONNX value `name` is a batch-sized zero tensor (a folded ConstantOfShape). */
export function isZeroState(s: ImportState, name: string): boolean {
  return raw(s, name)?.zeros === true;
}
