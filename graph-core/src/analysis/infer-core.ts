import { showShape } from './names';
import type { Inferred, LayerInput } from './infer-common';
import { dimsOf, fail, insertFix, normAxis, ok, product } from './infer-common';

export function inferDense({ name, params, inputs, edges }: LayerInput): Inferred {
  const dims = dimsOf(inputs[0] ?? [null]);
  const units = params.units as number;
  const last = dims[dims.length - 1] ?? 0;
  const count = last * units + (params.useBias ? units : 0);
  const out = ok([...dims.slice(0, -1), units], count);
  if (dims.length > 1) {
    // Keras applies Dense to the last axis only; legal, but nearly always a missing Flatten.
    out.issues.push({
      severity: 'warning',
      field: 'inputs',
      message: `${name} gets ${showShape(dims)}, so it acts on the last axis only and outputs ${showShape(
        out.shape ?? [],
      )}: insert a Flatten before it to connect every value`,
      ...fixOf(insertFix('Insert Flatten', edges[0], 'Flatten')),
    });
  }
  return out;
}

const fixOf = (fix: ReturnType<typeof insertFix>) => (fix ? { fix } : {});

export function inferFlatten({ node, name, inputs }: LayerInput): Inferred {
  const dims = dimsOf(inputs[0] ?? [null]);
  // tfjs refuses to build a Flatten on (batch, n): it needs at least two dimensions per sample.
  if (dims.length < 2)
    return fail(`${name} gets ${showShape(dims)}, which is already flat: remove the Flatten`, 'inputs', {
      kind: 'removeNode',
      label: 'Remove Flatten',
      nodeId: node.id,
    });
  return ok([product(dims)]);
}

export function inferReshape({ name, params, inputs }: LayerInput): Inferred {
  const dims = dimsOf(inputs[0] ?? [null]);
  const target = [...(params.targetShape as number[])];
  const total = product(dims);
  const known = product(target.filter((d) => d !== -1));
  const hole = target.indexOf(-1);
  if (hole >= 0) {
    if (total % known !== 0) {
      return fail(
        `${name} cannot reshape ${showShape(dims)} (${total} values) into ${showShape(target)}: ${total} is not a multiple of ${known}`,
        'targetShape',
      );
    }
    target[hole] = total / known;
  } else if (known !== total) {
    return fail(
      `${name} cannot reshape ${showShape(dims)} (${total} values) into ${showShape(target)} (${known} values): the sizes must match`,
      'targetShape',
    );
  }
  return ok(target);
}

export function inferSame({ inputs }: LayerInput): Inferred {
  return ok(dimsOf(inputs[0] ?? [null]));
}

export function inferAxisSame({ name, params, inputs }: LayerInput): Inferred {
  const dims = dimsOf(inputs[0] ?? [null]);
  if (normAxis(params.axis as number, dims.length + 1) === null) {
    return fail(`${name}: axis ${String(params.axis)} does not exist for input ${showShape(dims)}`, 'axis');
  }
  return ok(dims);
}

export function inferPReLU({ inputs }: LayerInput): Inferred {
  const dims = dimsOf(inputs[0] ?? [null]);
  return ok(dims, product(dims));
}

export function inferBatchNorm({ name, params, inputs }: LayerInput): Inferred {
  const dims = dimsOf(inputs[0] ?? [null]);
  const axis = normAxis(params.axis as number, dims.length + 1);
  if (axis === null)
    return fail(`${name}: axis ${String(params.axis)} does not exist for input ${showShape(dims)}`, 'axis');
  const channels = dims[axis - 1] ?? 0;
  const trainable = (params.center ? channels : 0) + (params.scale ? channels : 0);
  return { ...ok(dims, trainable + 2 * channels), nonTrainable: 2 * channels };
}

export function inferEmbedding({ params, inputs }: LayerInput): Inferred {
  const dims = dimsOf(inputs[0] ?? [null]);
  const inputDim = params.inputDim as number;
  const outputDim = params.outputDim as number;
  return ok([...dims, outputDim], inputDim * outputDim);
}
