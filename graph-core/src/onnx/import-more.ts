import { transpose } from './export-context';
import { attrFloat, attrInt, attrInts, attrString, shortFloat } from './import-attrs';
import { channelsFirstInput } from './import-layers';
import type { Constant, ImportState, Val } from './import-state';
import { channelsFirst, isIdentity, onnxDims, sameList, Unsupported } from './import-state';
import type { OnnxNode } from './proto';

/**
 * The patterns Layerloom's ONNX export writes for the kinds the imports brought (export-more.ts),
 * read back, and what torch.onnx.export writes for the same layers: ConvTranspose →
 * Conv2DTranspose (with a Cropping2D for pads TF would not choose), Resize → UpSampling2D, Slice →
 * Cropping2D, Unsqueeze + Tile → RepeatVector, a Layerloom Transpose → Permute, and
 * LayerNormalization as the op (opset 17) or as its equations (ReduceMean, Sub, Mul/Pow, ReduceMean,
 * Add ε, Sqrt, Div, then Mul γ, Add β).
 */

const ints = (xs: readonly number[]) => `[${xs.join(', ')}]`;

function stored(s: ImportState, op: OnnxNode, i: number, what: string): Constant {
  const c = s.constant(op, i);
  if (!c) throw new Unsupported(op, `its ${what} (input ${i}) is computed, not stored`);
  return c;
}

/** ConvTranspose [in, out, kh, kw] → Conv2DTranspose (Keras [kh, kw, out, in]), TF's `same`/`valid` from pads. */
export function convTranspose(s: ImportState, op: OnnxNode): void {
  const x = channelsFirstInput(s, op);
  if (x.perm.length !== 4)
    throw new Unsupported(op, 'only 2-D ConvTranspose has a Layerloom node (Conv2DTranspose)');
  const w = stored(s, op, 1, 'kernel');
  const group = attrInt(op, 'group', 1);
  if (group !== 1)
    throw new Unsupported(
      op,
      `attribute group = ${group}: grouped transposed convolution has no Layerloom node`,
    );
  const dilations = attrInts(op, 'dilations') ?? [1, 1];
  if (dilations.some((d) => d !== 1))
    throw new Unsupported(
      op,
      `attribute dilations = ${ints(dilations)}: dilated transposed convolution has no Layerloom node`,
    );
  const auto = attrString(op, 'auto_pad', 'NOTSET');
  if (auto !== 'NOTSET')
    throw new Unsupported(op, `attribute auto_pad = ${auto}: Layerloom reads explicit pads only`);
  if (attrInts(op, 'output_shape'))
    throw new Unsupported(op, 'attribute output_shape: Layerloom reads pads and output_padding only');
  const kernel = w.dims.slice(2);
  const strides = attrInts(op, 'strides') ?? [1, 1];
  const pads = attrInts(op, 'pads') ?? [0, 0, 0, 0];
  const extra = attrInts(op, 'output_padding') ?? [0, 0];
  const [h, wd] = x.shape as [number, number, number];
  // Per axis, what Layerloom's export writes for `same` and `valid` (export-more.ts emitConvTranspose).
  const axes = [h, wd].map((size, i) => {
    const k = kernel[i]!;
    const st = strides[i]!;
    const full = (size - 1) * st + k;
    const same = { length: size * st, begin: Math.floor(Math.max(k - st, 0) / 2) };
    const valid = { length: size * st + Math.max(k - st, 0), begin: 0 };
    const fits = (c: { length: number; begin: number }) =>
      pads[i] === c.begin &&
      pads[i + 2] === Math.max(full - c.begin - c.length, 0) &&
      extra[i] === Math.max(c.begin + c.length - full, 0);
    // Anything else is the valid output cropped: ONNX keeps [pads begin, full + output_padding − pads end).
    const cropEnd = valid.length - (full + extra[i]! - pads[i + 2]!);
    return { same: fits(same), valid: fits(valid), crop: [pads[i]!, cropEnd], length: valid.length };
  });
  const padding = axes.every((a) => a.same) ? 'same' : 'valid';
  const crop = padding === 'same' || axes.every((a) => a.valid) ? null : axes.map((a) => a.crop);
  if (crop && crop.flat().some((c) => c < 0))
    throw new Unsupported(
      op,
      `attributes pads = ${ints(pads)} and output_padding = ${ints(extra)} give an output longer than Keras's 'valid' one; Conv2DTranspose + Cropping2D cannot make it`,
    );
  const filters = w.dims[1]!;
  const bias = s.constant(op, 2);
  const id = s.addNode(
    op,
    'Conv2DTranspose',
    { filters, kernelSize: kernel, strides, padding, activation: 'linear', useBias: bias !== null },
    [x],
  );
  s.addWeight(id, 'kernel', [...kernel, filters, w.dims[0]!], transpose(w.data, w.dims, [2, 3, 1, 0]));
  if (bias) s.addWeight(id, 'bias', [filters], bias.data);
  const grown = [h, wd].map((n, i) => (padding === 'same' ? n * strides[i]! : axes[i]!.length));
  let out: Val = { node: id, shape: [...grown, filters], perm: channelsFirst(4) };
  if (crop) out = cropNode(s, { ...op, name: `${op.name || op.output[0]}/crop` }, out, crop);
  s.set(op.output[0]!, out);
}

/** A Cropping2D node after `x`: [[top, bottom], [left, right]]. */
function cropNode(s: ImportState, op: OnnxNode, x: Val, crop: number[][]): Val {
  const [[t, b], [l, r]] = crop as [[number, number], [number, number]];
  const id = s.addNode(
    op,
    'Cropping2D',
    {
      cropping: [
        [t, b],
        [l, r],
      ],
    },
    [x],
  );
  return { ...x, node: id, shape: [x.shape[0]! - t - b, x.shape[1]! - l - r, x.shape[2]!] };
}

/** Resize by whole-number scales of height and width → UpSampling2D (nearest, or bilinear as tfjs samples). */
export function resize(s: ImportState, op: OnnxNode): void {
  const x = s.val(op, 0);
  if (x.perm.length !== 4 || x.order || x.pooledKeepDims)
    throw new Unsupported(op, 'only resizing images [height, width] has a Layerloom node (UpSampling2D)');
  const dims = onnxDims(x);
  const scales = s.constant(op, 2);
  const sizes = op.input[3] ? s.constant(op, 3) : null;
  let onnxScales: number[];
  if (scales && scales.data.length > 0) onnxScales = Array.from(scales.data);
  else if (sizes) onnxScales = Array.from(sizes.data, (n, i) => (i === 0 ? 1 : n / dims[i]!));
  else throw new Unsupported(op, 'its scales and sizes (inputs 2 and 3) are computed, not stored');
  const ll = [1, 1, 1, 1];
  x.perm.forEach((p, i) => (ll[p] = onnxScales[i]!));
  const [sh, sw] = [ll[1]!, ll[2]!];
  if (ll[0] !== 1 || ll[3] !== 1 || ![sh, sw].every((v) => Number.isInteger(v) && v >= 1))
    throw new Unsupported(
      op,
      `scales ${ints(onnxScales)}: UpSampling2D grows height and width by whole numbers only`,
    );
  const mode = attrString(op, 'mode', 'nearest');
  const where = attrString(op, 'coordinate_transformation_mode', 'half_pixel');
  const nearestMode = attrString(op, 'nearest_mode', 'round_prefer_floor');
  let interpolation: 'nearest' | 'bilinear';
  if (mode === 'nearest') {
    // For whole-number scales every one of these picks source pixel floor(out / scale), as tfjs does.
    const floor =
      (where === 'asymmetric' && nearestMode === 'floor') ||
      (['half_pixel', 'pytorch_half_pixel', 'tf_half_pixel_for_nn'].includes(where) &&
        nearestMode !== 'ceil');
    if (!floor)
      throw new Unsupported(
        op,
        `attributes coordinate_transformation_mode = ${where}, nearest_mode = ${nearestMode} pick other pixels than tfjs's nearest UpSampling2D (asymmetric, floor)`,
      );
    interpolation = 'nearest';
  } else if (mode === 'linear') {
    if (where !== 'asymmetric')
      throw new Unsupported(
        op,
        `attribute coordinate_transformation_mode = ${where}: tfjs's bilinear UpSampling2D samples without half-pixel centres (asymmetric); PyTorch's align_corners=False is half_pixel`,
      );
    interpolation = 'bilinear';
  } else
    throw new Unsupported(op, `attribute mode = ${mode}: UpSampling2D interpolates nearest or bilinear only`);
  const id = s.addNode(op, 'UpSampling2D', { size: [sh, sw], interpolation }, [x]);
  s.set(op.output[0]!, { ...x, node: id, shape: [x.shape[0]! * sh, x.shape[1]! * sw, x.shape[2]!] });
}

/** Slice of an image's height and width (steps 1) → Cropping2D; a slice of nothing relabels. */
export function slice(s: ImportState, op: OnnxNode): void {
  const x = s.val(op, 0);
  if (x.order || x.pooledKeepDims) throw new Unsupported(op, 'it slices a flattened or pooled tensor');
  const starts = Array.from(stored(s, op, 1, 'starts').data);
  const ends = Array.from(stored(s, op, 2, 'ends').data);
  const r = x.perm.length;
  const axes = op.input[3] ? Array.from(stored(s, op, 3, 'axes').data) : starts.map((_, i) => i);
  const steps = op.input[4] ? Array.from(stored(s, op, 4, 'steps').data) : [];
  if (steps.some((st) => st !== 1))
    throw new Unsupported(op, `input steps = ${ints(steps)}: Cropping2D keeps every row and column`);
  const dims = onnxDims(x);
  const crop = new Array<[number, number]>(r).fill([0, 0]).map(() => [0, 0] as [number, number]);
  axes.forEach((raw, k) => {
    const a = raw < 0 ? raw + r : raw;
    const n = dims[a]!;
    const at = (v: number) => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
    if (a === 0) {
      if (starts[k]! !== 0 || ends[k]! < 2 ** 31 - 1) throw new Unsupported(op, 'it slices the batch axis');
      return;
    }
    crop[x.perm[a]!] = [at(starts[k]!), n - at(ends[k]!)];
  });
  if (crop.every(([b, e]) => b === 0 && e === 0)) return s.set(op.output[0]!, x);
  if (
    r !== 4 ||
    crop[3]!.some((c) => c !== 0) ||
    crop.some(([b, e], i) => b + e >= (i ? x.shape[i - 1]! : 1) && i > 0)
  )
    throw new Unsupported(
      op,
      `starts ${ints(starts)}, ends ${ints(ends)} on axes ${ints(axes)}: only cropping an image's height and width has a Layerloom node (Cropping2D)`,
    );
  s.set(op.output[0]!, cropNode(s, op, x, [crop[1]!, crop[2]!]));
}

/** Unsqueeze of a vector at axis 1, then Tile [1, n, 1] → RepeatVector n. */
export function repeatVector(s: ImportState, op: OnnxNode): void {
  const x = s.val(op, 0);
  const axes = op.input[1] ? Array.from(stored(s, op, 1, 'axes').data) : (attrInts(op, 'axes') ?? []);
  const tile = s.soleReader(op.output[0]!);
  const repeats = tile?.opType === 'Tile' ? s.constant(tile, 1) : null;
  const n = repeats?.data[1] ?? 0;
  if (
    x.perm.length !== 2 ||
    !sameList(axes, [1]) ||
    !repeats ||
    repeats.data.length !== 3 ||
    repeats.data[0] !== 1 ||
    repeats.data[2] !== 1
  )
    throw new Unsupported(
      op,
      `Unsqueeze of axes ${ints(axes)}: a layer output gains an axis only as RepeatVector (a vector, axis 1, then Tile [1, n, 1])`,
    );
  const id = s.addNode(op, 'RepeatVector', { n }, [x]);
  s.absorbed.add(tile!);
  s.set(tile!.output[0]!, { node: id, shape: [n, x.shape[0]!], perm: [0, 1, 2] });
}

/** A Transpose Layerloom wrote for a Permute node (named as the node; layout Transposes are `<id>/layout`). */
export function permute(s: ImportState, op: OnnxNode, perm: number[]): boolean {
  const x = s.val(op, 0);
  if (!s.fromLayerloom || op.name.includes('/') || !isIdentity(x.perm) || x.order) return false;
  const dims = perm.slice(1);
  const id = s.addNode(op, 'Permute', { dims }, [x]);
  s.set(op.output[0]!, { node: id, shape: dims.map((d) => x.shape[d - 1]!), perm: x.perm });
  return true;
}

const readersOf = (s: ImportState, value: string) => [...new Set(s.consumers.get(value) ?? [])];
const only = (s: ImportState, value: string, type: string[]) => {
  const r = readersOf(s, value);
  return r.length === 1 && type.includes(r[0]!.opType) ? r[0]! : null;
};
const scalarOf = (s: ImportState, op: OnnxNode, i: number) => {
  const c = s.constant(op, i);
  return c && c.data.length === 1 ? c.data[0]! : null;
};

/**
 * LayerNormalization written out (as Layerloom's opset-13 export and torch's opset 13–16 write it),
 * starting at its first ReduceMean; false when `op` does not start that pattern.
 */
export function layerNormEquations(s: ImportState, op: OnnxNode): boolean {
  const xName = op.input[0]!;
  const axes = attrInts(op, 'axes');
  if (!axes || axes.length !== 1 || attrInt(op, 'keepdims', 1) !== 1) return false;
  const sub = only(s, op.output[0]!, ['Sub']);
  if (!sub || sub.input[0] !== xName || sub.input[1] !== op.output[0]) return false;
  const d = sub.output[0]!;
  const uses = readersOf(s, d);
  const square = uses.find(
    (u) =>
      (u.opType === 'Mul' && u.input[0] === d && u.input[1] === d) ||
      (u.opType === 'Pow' && scalarOf(s, u, 1) === 2),
  );
  const div = uses.find((u) => u.opType === 'Div' && u.input[0] === d);
  if (uses.length !== 2 || !square || !div) return false;
  const mean2 = only(s, square.output[0]!, ['ReduceMean']);
  if (!mean2 || !sameList(attrInts(mean2, 'axes') ?? [], axes) || attrInt(mean2, 'keepdims', 1) !== 1)
    return false;
  const add = only(s, mean2.output[0]!, ['Add']);
  const eps = add ? scalarOf(s, add, 1) : null;
  const sqrt = add && eps !== null ? only(s, add.output[0]!, ['Sqrt']) : null;
  if (!sqrt || div.input[1] !== sqrt.output[0] || readersOf(s, sqrt.output[0]!).length !== 1) return false;
  const x = s.val(op, 0);
  const r = x.perm.length;
  const a = axes[0]! < 0 ? axes[0]! + r : axes[0]!;
  const size = onnxDims(x)[a]!;
  // γ and β: stored, one value per cell of the axis, broadcast along it.
  const affine = (after: OnnxNode, type: 'Mul' | 'Add') => {
    const next = only(s, after.output[0]!, [type]);
    const c = next ? s.constant(next, 1) : null;
    const aligned = c ? [...new Array<number>(Math.max(0, r - c.dims.length)).fill(1), ...c.dims] : [];
    return c && c.data.length === size && aligned.every((n, i) => (i === a ? n === size : n === 1))
      ? { op: next!, data: c.data }
      : null;
  };
  const gamma = affine(div, 'Mul');
  const beta = affine(gamma?.op ?? div, 'Add');
  for (const o of [sub, square, mean2, add!, sqrt, div, gamma?.op, beta?.op]) if (o) s.absorbed.add(o);
  const last = beta?.op ?? gamma?.op ?? div;
  layerNormNode(s, op, x, a, eps!, gamma?.data ?? null, beta?.data ?? null, last.output[0]!);
  return true;
}

/** The LayerNormalization op (opset 17, torch's nn.LayerNorm from opset 17): over one axis only. */
export function layerNormOp(s: ImportState, op: OnnxNode): void {
  const x = s.val(op, 0);
  const r = x.perm.length;
  const raw = attrInt(op, 'axis', -1);
  const a = raw < 0 ? raw + r : raw;
  const dims = onnxDims(x);
  if (dims.slice(a + 1).some((n) => n !== 1) || a === 0)
    throw new Unsupported(
      op,
      `attribute axis = ${raw} normalises over axes ${a}…${r - 1} together; Layerloom's LayerNormalization normalises one axis`,
    );
  if (op.output.slice(1).some((o) => o && (s.consumers.get(o)?.length ?? 0) > 0))
    throw new Unsupported(op, 'its Mean or InvStdDev output is used');
  const gamma = stored(s, op, 1, 'scale');
  const beta = op.input[2] ? stored(s, op, 2, 'bias') : null;
  layerNormNode(s, op, x, a, attrFloat(op, 'epsilon', 1e-5), gamma.data, beta?.data ?? null, op.output[0]!);
}

function layerNormNode(
  s: ImportState,
  op: OnnxNode,
  x: Val,
  onnxAxis: number,
  epsilon: number,
  gamma: Float32Array | null,
  beta: Float32Array | null,
  output: string,
): void {
  const r = x.perm.length;
  const ll = x.perm[onnxAxis]!;
  const id = s.addNode(
    op,
    'LayerNormalization',
    {
      axis: ll === r - 1 ? -1 : ll,
      epsilon: shortFloat(epsilon),
      center: beta !== null,
      scale: gamma !== null,
    },
    [x],
  );
  if (gamma) s.addWeight(id, 'gamma', [gamma.length], gamma);
  if (beta) s.addWeight(id, 'beta', [beta.length], beta);
  s.set(output, { ...x, node: id });
}
