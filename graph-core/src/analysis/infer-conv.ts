import type { GraphEdge } from '../document/types';
import { showShape } from './names';
import type { Inferred, LayerInput } from './infer-common';
import { convLength, dimsOf, fail, insertFix, ok, tuple } from './infer-common';

/** A Reshape that turns what the layer got into the rank it needs, when one is obvious. */
function reshapeFix(dims: number[], wantRank: 2 | 3, edge: GraphEdge | undefined) {
  let target: number[] | null = null;
  if (wantRank === 3 && dims.length === 2) target = [dims[0] as number, dims[1] as number, 1];
  if (wantRank === 3 && dims.length === 1) {
    const side = Math.round(Math.sqrt(dims[0] as number));
    if (side * side === dims[0]) target = [side, side, 1];
  }
  if (wantRank === 2 && dims.length === 1) target = [dims[0] as number, 1];
  if (wantRank === 2 && dims.length === 3)
    target = [dims[0] as number, (dims[1] as number) * (dims[2] as number)];
  return target
    ? insertFix(`Insert Reshape to ${showShape(target)}`, edge, 'Reshape', { targetShape: target })
    : undefined;
}

export function rankError(li: LayerInput, wantRank: 2 | 3, what: string): Inferred | null {
  const dims = dimsOf(li.inputs[0] ?? [null]);
  if (dims.length === wantRank) return null;
  return fail(
    `${li.name} needs ${what} but gets ${showShape(dims)}`,
    'inputs',
    reshapeFix(dims, wantRank, li.edges[0]),
  );
}

export function spatial(
  li: LayerInput,
  sizes: number[],
  kernel: number[],
  strides: number[],
  field: string,
): number[] | Inferred {
  const padding = li.params.padding as string;
  const out = sizes.map((s, i) => convLength(s, kernel[i] ?? 1, strides[i] ?? 1, padding));
  if (out.every((d) => d >= 1)) return out;
  return fail(
    `${li.name}: ${field} ${showShape(kernel)} is larger than its input ${showShape(sizes)}, so the output would shrink below 1 (${showShape(out)}): use padding "same" or a smaller ${field}`,
    field,
    padding === 'valid'
      ? { kind: 'setParam', label: 'Use padding "same"', nodeId: li.node.id, field: 'padding', value: 'same' }
      : undefined,
  );
}

export function inferConv2D(li: LayerInput): Inferred {
  const bad = rankError(li, 3, 'an image [height, width, channels]');
  if (bad) return bad;
  const [h, w, c] = dimsOf(li.inputs[0] ?? [null]) as [number, number, number];
  const filters = li.params.filters as number;
  const kernel = tuple(li.params.kernelSize, 2, [3, 3]);
  const out = spatial(li, [h, w], kernel, tuple(li.params.strides, 2, [1, 1]), 'kernelSize');
  if (!Array.isArray(out)) return out;
  return ok(
    [...out, filters],
    (kernel[0] ?? 1) * (kernel[1] ?? 1) * c * filters + (li.params.useBias ? filters : 0),
  );
}

export function inferConv1D(li: LayerInput): Inferred {
  const bad = rankError(li, 2, 'a sequence [steps, channels]');
  if (bad) return bad;
  const [steps, c] = dimsOf(li.inputs[0] ?? [null]) as [number, number];
  const filters = li.params.filters as number;
  const kernel = tuple(li.params.kernelSize, 1, [3]);
  const out = spatial(li, [steps], kernel, tuple(li.params.strides, 1, [1]), 'kernelSize');
  if (!Array.isArray(out)) return out;
  return ok([...out, filters], (kernel[0] ?? 1) * c * filters + (li.params.useBias ? filters : 0));
}

export function inferPool2D(li: LayerInput): Inferred {
  const bad = rankError(li, 3, 'an image [height, width, channels]');
  if (bad) return bad;
  const [h, w, c] = dimsOf(li.inputs[0] ?? [null]) as [number, number, number];
  const pool = tuple(li.params.poolSize, 2, [2, 2]);
  const strides = li.params.strides === null ? pool : tuple(li.params.strides, 2, pool);
  const out = spatial(li, [h, w], pool, strides, 'poolSize');
  if (!Array.isArray(out)) return out;
  return ok([...out, c]);
}

export function inferGlobalPool2D(li: LayerInput): Inferred {
  const bad = rankError(li, 3, 'an image [height, width, channels]');
  if (bad) return bad;
  const dims = dimsOf(li.inputs[0] ?? [null]);
  return ok([dims[2] as number]);
}
