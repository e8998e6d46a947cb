import { attrInt, attrInts, attrString } from './import-attrs';
import { channelsFirstInput, outSize, padFirst, paddingOf } from './import-layers';
import type { ImportState } from './import-state';
import { channelsFirst, sameList, Unsupported } from './import-state';
import type { OnnxNode } from './proto';

/**
 * Pools, and padding that TensorFlow's 'same' would not choose. ONNX pads [top, left, bottom,
 * right] become a ZeroPadding2D before a 'valid' layer where zeros give the same result: always for
 * Conv and for AveragePool with count_include_pad 1 (and for the Pad op torch writes before
 * AvgPool2d), for MaxPool only on inputs that are never negative.
 */

const NON_NEGATIVE = new Set(['relu', 'relu6', 'sigmoid', 'hardSigmoid', 'softplus', 'softmax']);
const KEEPS_SIGN = new Set(['MaxPooling2D', 'AveragePooling2D', 'ZeroPadding2D', 'Cropping2D', 'Dropout']);

/** Whether Layerloom node `id` can only output values ≥ 0 (a ReLU, or pooling / padding of one). */
function nonNegative(s: ImportState, id: string, depth = 0): boolean {
  const node = s.nodes.find((n) => n.id === id);
  if (!node || depth > 20) return false;
  const act = node.params['activation'];
  if (typeof act === 'string' && NON_NEGATIVE.has(act)) return true;
  if (!KEEPS_SIGN.has(node.type)) return false;
  const from = s.wires.find((w) => w.target === id);
  return from !== undefined && nonNegative(s, from.source, depth + 1);
}

export function pool(s: ImportState, op: OnnxNode): void {
  let x = channelsFirstInput(s, op);
  if (x.perm.length !== 4) throw new Unsupported(op, 'only 2-D pooling has a Layerloom node');
  if (op.output[1]) throw new Unsupported(op, 'its indices output is used');
  if (attrInt(op, 'ceil_mode', 0) !== 0)
    throw new Unsupported(op, 'attribute ceil_mode = 1 rounds sizes up; Layerloom rounds down');
  const kernel = attrInts(op, 'kernel_shape') ?? [1, 1];
  const strides = attrInts(op, 'strides') ?? [1, 1];
  const max = op.opType === 'MaxPool';
  const found = paddingOf(op, x.shape.slice(0, 2), kernel, strides, true);
  const pads = attrInts(op, 'pads') ?? [0, 0, 0, 0];
  const countPads = !max && attrInt(op, 'count_include_pad', 0) === 1;
  let padding: 'valid' | 'same' = 'valid';
  if (countPads && found !== 'valid') {
    // Padding cells count in the average: zeros padded first give exactly that.
    x = padFirst(s, op, x, pads);
  } else if (Array.isArray(found)) {
    const want = `pads [${pads.join(', ')}] are not TensorFlow's 'same' for this input`;
    if (!max)
      throw new Unsupported(
        op,
        `${want}, and count_include_pad 0 averages the image cells only, which Layerloom's AveragePooling2D does only under 'same'`,
      );
    const source = s.nodes.find((n) => n.id === x.node);
    if (!nonNegative(s, x.node))
      throw new Unsupported(
        op,
        `${want}; MaxPool pads with −inf and a ZeroPadding2D before it pads with 0, the same only on inputs that are never negative, and its input (${source ? `${source.type} "${source.id}"` : 'the model input'}) can be. Put a ReLU before it or pool without padding`,
      );
    x = padFirst(s, op, x, found);
  } else padding = found;
  const type = max ? 'MaxPooling2D' : 'AveragePooling2D';
  const id = s.addNode(
    op,
    type,
    { poolSize: kernel, strides: sameList(strides, kernel) ? null : strides, padding },
    [x],
  );
  const shape = [
    ...x.shape.slice(0, 2).map((n, i) => outSize(n, kernel[i]!, strides[i]!, padding)),
    x.shape[2]!,
  ];
  s.set(op.output[0]!, { node: id, shape, perm: channelsFirst(4) });
}

/** The Pad op (constant 0) on an image's height and width → ZeroPadding2D. */
export function pad(s: ImportState, op: OnnxNode): void {
  const x = s.val(op, 0);
  if (attrString(op, 'mode', 'constant') !== 'constant')
    throw new Unsupported(
      op,
      `attribute mode = ${attrString(op, 'mode', '')} pads with other values than zeros`,
    );
  const c = s.constant(op, 1);
  const pads = c ? Array.from(c.data) : (attrInts(op, 'pads') ?? []);
  if (!c && !attrInts(op, 'pads')) throw new Unsupported(op, 'its pads are computed, not stored');
  const value = op.input[2] ? s.constant(op, 2) : null;
  if (op.input[2] && (!value || value.data.some((v) => v !== 0)))
    throw new Unsupported(op, 'it pads with another value than 0');
  const rank = x.perm.length;
  if (rank !== 4 || x.order || x.pooledKeepDims || pads.length !== 8)
    throw new Unsupported(op, 'only padding of images [height, width] has a Layerloom node');
  // ONNX axis i is Layerloom axis x.perm[i]; Layerloom axes 1, 2 are height and width.
  const begin = [0, 0, 0, 0];
  const end = [0, 0, 0, 0];
  x.perm.forEach((ll, i) => {
    begin[ll] = pads[i]!;
    end[ll] = pads[i + rank]!;
  });
  if (begin[0] || end[0] || begin[3] || end[3] || pads.some((p) => p < 0))
    throw new Unsupported(op, 'it pads the batch or channel axis, or crops');
  const id = s.addNode(op, 'ZeroPadding2D', { padding: [begin[1]!, end[1]!, begin[2]!, end[2]!] }, [x]);
  const shape = [x.shape[0]! + begin[1]! + end[1]!, x.shape[1]! + begin[2]! + end[2]!, x.shape[2]!];
  s.set(op.output[0]!, { node: id, shape, perm: x.perm });
}
