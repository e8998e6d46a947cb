import { showShape } from './names';
import { rankError } from './infer-conv';
import type { Inferred, LayerInput } from './infer-common';
import { dimsOf, fail, normAxis, ok } from './infer-common';
import { inferRecurrent } from './infer-sequence';

/** Shapes and parameter counts of the axis and sequence layers the imports need, as tfjs-layers computes them. */

export function inferPermute(li: LayerInput): Inferred {
  const dims = dimsOf(li.inputs[0] ?? [null]);
  const order = li.params.dims as number[];
  const sorted = [...order].sort((a, b) => a - b);
  if (order.length !== dims.length || sorted.some((d, i) => d !== i + 1)) {
    const expected = dims.map((_, i) => i + 1);
    return fail(
      `${li.name}: dims ${showShape(order)} must order all ${dims.length} axes of its input ${showShape(dims)}, each once: a reordering of ${showShape(expected)}`,
      'dims',
    );
  }
  return ok(order.map((d) => dims[d - 1] as number));
}

export function inferRepeatVector(li: LayerInput): Inferred {
  const dims = dimsOf(li.inputs[0] ?? [null]);
  if (dims.length !== 1) {
    return fail(
      `${li.name} needs a vector [features] but gets ${showShape(dims)}: insert a Flatten or a global pooling before it`,
    );
  }
  return ok([li.params.n as number, dims[0] as number]);
}

export function inferLayerNorm(li: LayerInput): Inferred {
  const dims = dimsOf(li.inputs[0] ?? [null]);
  const axis = normAxis(li.params.axis as number, dims.length + 1);
  if (axis === null)
    return fail(
      `${li.name}: axis ${String(li.params.axis)} does not exist for input ${showShape(dims)}`,
      'axis',
    );
  const size = dims[axis - 1] ?? 0;
  return ok(dims, (li.params.center ? size : 0) + (li.params.scale ? size : 0));
}

/** Two copies of the wrapped recurrent layer; concat doubles the last axis, the other modes keep it. */
export function inferBidirectional(li: LayerInput): Inferred {
  const bad = rankError(li, 2, 'a sequence [timesteps, features]');
  if (bad) return bad;
  const inner = inferRecurrent(li, li.params.layer as 'LSTM' | 'GRU' | 'SimpleRNN');
  if (!inner.shape) return inner;
  const dims = inner.shape.slice(1) as number[];
  const last = dims.length - 1;
  const out = li.params.mergeMode === 'concat' ? dims.map((d, i) => (i === last ? 2 * d : d)) : dims;
  return ok(out, 2 * inner.params, inner.issues);
}
